// Calls an extism-upy plug-in through Extism's JavaScript host SDK (@extism/extism) on Node.
//
//   node tests/hosts/js_host.mjs PLUGIN.wasm SCENARIO_JSON
//
// SCENARIO_JSON: {"config": {K: V}, "allowed_hosts": [HOST], "log_level": "info",
//                 "calls": [{"function": NAME, "input": STR}]}
// Prints JSON lines: first {"host", "sdk", "runtime"}; then one per call, in order,
// {"function", "ok": true, "output": STR} or {"function", "ok": false, "error": STR}; last
// {"logs": [{"level", "message"}], "host_calls": {...}}: what the plug-in logged and what the
// host functions of namespace "example" received.
//
// The SDK is loaded from the node_modules folder in $EXTISM_JS_SDK, by default the one
// scripts/setup.sh fills: target/hosts/js/node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [wasmPath, scenarioText] = process.argv.slice(2);
if (!wasmPath || !scenarioText) {
    console.error('usage: js_host.mjs PLUGIN.wasm SCENARIO_JSON');
    process.exit(2);
}
const scenario = JSON.parse(scenarioText);

const here = dirname(fileURLToPath(import.meta.url));
const modules = resolve(process.env.EXTISM_JS_SDK || join(here, '../../target/hosts/js/node_modules'));
const require = createRequire(pathToFileURL(join(modules, 'js_host.cjs')));
const extism = require('@extism/extism');
const sdkVersion = JSON.parse(readFileSync(join(modules, '@extism/extism/package.json'), 'utf8')).version;

const print = (value) => process.stdout.write(JSON.stringify(value) + '\n');
print({ host: 'js', sdk: `@extism/extism ${sdkVersion}`, runtime: `node ${process.versions.node}` });

// What the plug-in logs, in order.
const logs = [];
const logger = Object.fromEntries(
    ['trace', 'debug', 'info', 'warn', 'error'].map((level) => [
        level,
        (message) => logs.push({ level, message: String(message) }),
    ]),
);

// Host functions for namespace "example"; each gets the call context first.
const hostCalls = { reflect: [], update_dict: [], do_something: 0 };
const functions = {
    example: {
        reflect(context, offset) {
            const text = context.read(offset).text();
            hostCalls.reflect.push(text);
            return context.store(text);
        },
        update_dict(context, offset) {
            const dict = context.read(offset).json();
            hostCalls.update_dict.push({ ...dict });
            return context.store(JSON.stringify({ ...dict, updated: true }));
        },
        do_something() {
            hostCalls.do_something += 1;
        },
    },
};

const plugin = await extism.createPlugin(
    { wasm: [{ data: readFileSync(wasmPath) }] },
    {
        useWasi: false,
        config: scenario.config || {},
        allowedHosts: scenario.allowed_hosts || [],
        allowHttpResponseHeaders: true,
        functions,
        logger,
        logLevel: scenario.log_level || 'info',
    },
);
try {
    for (const { function: name, input } of scenario.calls || []) {
        try {
            const output = await plugin.call(name, input ?? '');
            print({ function: name, ok: true, output: output === null ? '' : output.text() });
        } catch (error) {
            print({ function: name, ok: false, error: String(error?.message ?? error) });
        }
    }
} finally {
    await plugin.close();
}
print({ logs, host_calls: hostCalls });

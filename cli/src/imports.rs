//! Which files a plug-in needs: its own file, the modules it imports (siblings in its folder,
//! packages on `--path` and `PYTHONPATH`) and the frozen standard library it uses, found by
//! reading `import` statements, transitively. Only these go into the build, so a module adds
//! bytes only to the plug-ins that import it.
//!
//! The reading is lexical (strings, comments, brackets and continuations are understood; the
//! grammar is not): `__import__(name)` and `importlib` calls are not seen.

use anyhow::{bail, Context, Result};
use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// The frozen standard library (`python/stdlib/` of this repository), as `(path, source)`.
pub static STDLIB: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/stdlib.rs"));

/// Where modules are looked for, in order (the first match wins, as with `sys.path`).
pub enum Root {
    Dir(PathBuf),
    Stdlib,
}

impl Root {
    fn read(&self, rel: &str) -> Option<(String, String)> {
        match self {
            Root::Dir(dir) => {
                let path = dir.join(rel);
                let text = std::fs::read_to_string(&path).ok()?;
                Some((path.display().to_string(), text))
            }
            Root::Stdlib => STDLIB
                .iter()
                .find(|(p, _)| *p == rel)
                .map(|(p, s)| (format!("<stdlib>/{p}"), s.to_string())),
        }
    }

    fn is_dir(&self, rel: &str) -> bool {
        match self {
            Root::Dir(dir) => dir.join(rel).is_dir(),
            Root::Stdlib => STDLIB
                .iter()
                .any(|(p, _)| p.starts_with(&format!("{rel}/"))),
        }
    }
}

/// The built-in modules of the core: `import` finds these without a file. MicroPython lets a
/// file shadow the "extensible" ones (collections, io, ...), not the others (sys, json, ...).
#[derive(Default)]
pub struct Builtins {
    pub fixed: HashSet<String>,
    pub extensible: HashSet<String>,
}

impl Builtins {
    /// Parses the core's list: one name per line, extensible ones ending in `*`.
    pub fn parse(list: &str) -> Self {
        let mut builtins = Builtins::default();
        for line in list.lines().filter(|l| !l.is_empty()) {
            match line.strip_suffix('*') {
                Some(name) => builtins.extensible.insert(name.to_string()),
                None => builtins.fixed.insert(line.to_string()),
            };
        }
        builtins
    }
}

/// A file for the build: its path as `import` and tracebacks see it, and its text.
pub type File = (String, String);

/// The plug-in's file (first) and every file it imports, transitively.
pub fn collect(main: &Path, roots: &[Root], builtins: &Builtins) -> Result<Vec<File>> {
    let text =
        std::fs::read_to_string(main).with_context(|| format!("reading {}", main.display()))?;
    let name = main
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("plugin.py")
        .to_string();
    let mut files = vec![(name.clone(), text.clone())];
    // Payload paths already queued; the queue holds (payload path, shown path, text).
    let mut seen = HashSet::from([name.clone()]);
    let mut queue = VecDeque::from([(name, main.display().to_string(), text)]);
    while let Some((path, shown, text)) = queue.pop_front() {
        let package = package_of(&path);
        for import in scan(&text) {
            let Some(module) = absolute(&import.module, import.level, &package) else {
                bail!(
                    "{shown}:{}: relative import beyond the top-level package",
                    import.line
                );
            };
            match resolve(&module, &import.names, roots, builtins) {
                Resolved::Builtin => {}
                Resolved::Files(new) => {
                    for (rel, shown, text) in new {
                        if seen.insert(rel.clone()) {
                            files.push((rel.clone(), text.clone()));
                            queue.push_back((rel, shown, text));
                        }
                    }
                }
                Resolved::Missing if import.optional => {}
                Resolved::Missing => bail!(
                    "{shown}:{}: no module named '{module}' (looked in the plug-in's folder, \
                     --path, PYTHONPATH and the standard library)",
                    import.line
                ),
            }
        }
    }
    Ok(files)
}

enum Resolved {
    Builtin,
    /// (payload path, shown path, text) of each file the import needs.
    Files(Vec<(String, String, String)>),
    Missing,
}

/// Finds `module` (dotted) and, for `from module import a, b`, the submodules among `names`.
fn resolve(module: &str, names: &[String], roots: &[Root], builtins: &Builtins) -> Resolved {
    let parts: Vec<&str> = module.split('.').collect();
    let top = parts[0];
    if builtins.fixed.contains(top) {
        return Resolved::Builtin;
    }
    for root in roots {
        let mut files = Vec::new();
        let mut rel = String::new();
        let mut found = true;
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                rel.push('/');
            }
            rel.push_str(part);
            if let Some((shown, text)) = root.read(&format!("{rel}/__init__.py")) {
                files.push((format!("{rel}/__init__.py"), shown, text));
            } else if let Some((shown, text)) = root.read(&format!("{rel}.py")) {
                files.push((format!("{rel}.py"), shown, text));
                if i + 1 < parts.len() {
                    found = false; // a module is not a package
                    break;
                }
            } else if !root.is_dir(&rel) {
                found = false;
                break;
            }
        }
        if !found {
            continue;
        }
        // `from package import name`: `name` may be a submodule.
        for name in names {
            let sub = format!("{rel}/{name}");
            if let Some((shown, text)) = root.read(&format!("{sub}/__init__.py")) {
                files.push((format!("{sub}/__init__.py"), shown, text));
            } else if let Some((shown, text)) = root.read(&format!("{sub}.py")) {
                files.push((format!("{sub}.py"), shown, text));
            }
        }
        return Resolved::Files(files);
    }
    if builtins.extensible.contains(top) && parts.len() == 1 {
        return Resolved::Builtin;
    }
    Resolved::Missing
}

/// The package a payload path belongs to: `a/b/c.py` and `a/b/__init__.py` -> `a.b`.
fn package_of(path: &str) -> String {
    let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    dir.replace('/', ".")
}

/// `from ..x import y` in package `a.b.c` -> `a.x`.
fn absolute(module: &str, level: usize, package: &str) -> Option<String> {
    if level == 0 {
        return Some(module.to_string());
    }
    let mut base: Vec<&str> = package.split('.').filter(|p| !p.is_empty()).collect();
    if level - 1 > base.len() {
        return None;
    }
    base.truncate(base.len() - (level - 1));
    if !module.is_empty() {
        base.push(module);
    }
    (!base.is_empty()).then(|| base.join("."))
}

/// One `import` statement's module.
#[derive(Debug, PartialEq)]
pub struct Import {
    /// The dotted module name (empty for `from . import x`).
    pub module: String,
    /// Leading dots of a relative import.
    pub level: usize,
    /// For `from m import a, b`: `a`, `b` (they may be submodules).
    pub names: Vec<String>,
    pub line: usize,
    /// Inside `try`, `if` or `else`: a missing module is not an error (fallbacks, optional
    /// dependencies, `if TYPE_CHECKING:`).
    pub optional: bool,
}

/// The `import` statements of a Python source.
pub fn scan(source: &str) -> Vec<Import> {
    let mut imports = Vec::new();
    // (indent, is conditional) of the enclosing blocks.
    let mut blocks: Vec<(usize, bool)> = Vec::new();
    for line in logical_lines(source) {
        while blocks
            .last()
            .is_some_and(|(indent, _)| *indent >= line.indent)
        {
            blocks.pop();
        }
        let mut optional = blocks.iter().any(|(_, conditional)| *conditional);
        for statement in line.text.split(';') {
            let mut statement = statement.trim();
            // Block headers, possibly with a statement after the colon (`try: import x`).
            loop {
                let keyword = statement.split([' ', ':', '(']).next().unwrap_or("");
                let conditional = matches!(keyword, "try" | "if" | "elif" | "else" | "except");
                let header = conditional
                    || matches!(
                        keyword,
                        "finally" | "def" | "class" | "for" | "while" | "with" | "async"
                    );
                if !header || !statement.ends_with(':') && !statement.contains(": ") {
                    break;
                }
                optional |= conditional;
                match split_header(statement) {
                    Some(rest) if !rest.is_empty() => statement = rest,
                    _ => {
                        blocks.push((line.indent, conditional));
                        statement = "";
                        break;
                    }
                }
            }
            if let Some(import) = parse_import(statement, line.number, optional) {
                imports.extend(import);
            }
        }
    }
    imports
}

/// The statement after a block header's colon (`try: x` -> `x`), if the colon ends it.
fn split_header(statement: &str) -> Option<&str> {
    let mut depth = 0i32;
    for (i, c) in statement.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ':' if depth == 0 && !statement[i + 1..].starts_with('=') => {
                return Some(statement[i + 1..].trim());
            }
            _ => {}
        }
    }
    None
}

fn parse_import(statement: &str, line: usize, optional: bool) -> Option<Vec<Import>> {
    let words = |s: &str| -> Vec<String> {
        s.split(',')
            .map(|part| {
                part.trim()
                    .trim_matches(|c| c == '(' || c == ')')
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    if let Some(rest) = statement.strip_prefix("import ") {
        return Some(
            words(rest)
                .into_iter()
                .map(|module| Import {
                    module,
                    level: 0,
                    names: Vec::new(),
                    line,
                    optional,
                })
                .collect(),
        );
    }
    let rest = statement.strip_prefix("from ")?;
    let (module, names) = rest.split_once(" import ")?;
    let module = module.trim();
    let level = module.len() - module.trim_start_matches('.').len();
    let names = words(names).into_iter().filter(|n| n != "*").collect();
    Some(vec![Import {
        module: module[level..].to_string(),
        level,
        names,
        line,
        optional,
    }])
}

struct LogicalLine {
    number: usize,
    indent: usize,
    /// The code with string literals blanked and comments removed.
    text: String,
}

/// Splits source into logical lines: brackets and backslashes continue a line; strings
/// (including triple-quoted ones) become `""` so that their content is never read as code.
fn logical_lines(source: &str) -> Vec<LogicalLine> {
    let chars: Vec<char> = source.chars().collect();
    let mut lines = Vec::new();
    let mut text = String::new();
    let (mut number, mut start, mut depth, mut i) = (1, 1, 0i32, 0);
    let mut indent = None;
    while i < chars.len() {
        let c = chars[i];
        if indent.is_none() {
            if c == ' ' || c == '\t' {
                i += 1;
                continue;
            }
            indent = Some(i - line_start(&chars, i));
            start = number;
        }
        match c {
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '"' | '\'' => {
                let triple = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                let quote = if triple { 3 } else { 1 };
                i += quote;
                while i < chars.len() {
                    if chars[i] == '\\' {
                        number += (chars.get(i + 1) == Some(&'\n')) as usize;
                        i += 2;
                        continue;
                    }
                    if chars[i] == '\n' {
                        number += 1;
                        if !triple {
                            break;
                        }
                    }
                    if chars[i] == c && (!triple || chars[i..].starts_with(&[c, c, c])) {
                        i += quote;
                        break;
                    }
                    i += 1;
                }
                text.push_str("\"\"");
                continue;
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '\\' if chars.get(i + 1) == Some(&'\n') => {
                number += 1;
                i += 2;
                text.push(' ');
                continue;
            }
            '\n' => {
                number += 1;
                if depth <= 0 {
                    if !text.trim().is_empty() {
                        lines.push(LogicalLine {
                            number: start,
                            indent: indent.unwrap_or(0),
                            text: std::mem::take(&mut text),
                        });
                    }
                    text.clear();
                    indent = None;
                    depth = 0;
                } else {
                    text.push(' ');
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        text.push(c);
        i += 1;
    }
    if !text.trim().is_empty() {
        lines.push(LogicalLine {
            number: start,
            indent: indent.unwrap_or(0),
            text,
        });
    }
    lines
}

fn line_start(chars: &[char], i: usize) -> usize {
    chars[..i]
        .iter()
        .rposition(|&c| c == '\n')
        .map_or(0, |p| p + 1)
}

/// The words of a line of code (names, keywords, numbers), with their byte offsets.
fn identifiers(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if !word.is_empty() {
            out.push((i - word.len(), std::mem::take(&mut word)));
        }
    }
    out
}

/// The calls that need WASI's clock or random source, with the module they come from and the
/// part (native module) they need. Such a call reaches the part through `__import__`, which
/// the scan does not follow, so that importing its module alone keeps a plug-in free of WASI.
const WASI_CALLS: &[(&str, &[&str], &str)] = &[
    ("datetime", &["now", "today", "utcnow"], "_clock"),
    ("uuid", &["uuid1", "uuid4"], "_entropy"),
    ("os", &["urandom"], "_entropy"),
    ("random", &["SystemRandom"], "_entropy"),
];

/// The WASI parts (`_clock`, `_entropy`) a build needs beyond what its files import: those
/// of the calls in [`WASI_CALLS`] that a file of its own (not the standard library's) names,
/// where the build imports the call's module. Lexical, like the import scan.
pub fn wasi_calls(files: &[File], modules: &HashSet<String>) -> Vec<&'static str> {
    let own: Vec<&File> = files
        .iter()
        .filter(|(path, text)| !STDLIB.iter().any(|(p, s)| p == path && s == text))
        .collect();
    let named: HashSet<String> = own
        .iter()
        .flat_map(|(_, text)| logical_lines(text))
        .flat_map(|line| identifiers(&line.text).into_iter().map(|(_, word)| word))
        .collect();
    let mut parts = Vec::new();
    for (module, calls, part) in WASI_CALLS {
        if modules.contains(*module)
            && calls.iter().any(|c| named.contains(*c))
            && !parts.contains(part)
        {
            parts.push(*part);
        }
    }
    parts
}

/// Whether a source has a `match` statement: a logical line that starts with the word
/// `match` and ends with ':' (the lexer's rule for the soft keyword).
pub fn has_match_statement(source: &str) -> bool {
    logical_lines(source).iter().any(|line| {
        let text = line.text.trim();
        text.ends_with(':')
            && identifiers(text)
                .first()
                .is_some_and(|(at, word)| *at == 0 && word == "match")
    })
}

/// Whether a source may call the compiler at run time: it names the builtin `eval`, `exec` or
/// `compile` (bare or as `builtins.x`) and does not define or import a name of its own for it
/// (re.py's `compile`). Lexical, like the import scan: `getattr(builtins, "ex" + "ec")` is
/// not seen.
pub fn may_compile(source: &str) -> bool {
    const BUILTINS: [&str; 3] = ["eval", "exec", "compile"];
    let lines = logical_lines(source);
    let mut own = HashSet::new();
    for line in &lines {
        let words = identifiers(&line.text);
        let first = words.first().map(|(_, w)| w.as_str());
        for (k, (at, word)) in words.iter().enumerate() {
            let prev = k.checked_sub(1).map(|p| words[p].1.as_str());
            let defines = matches!(prev, Some("def" | "class" | "as"))
                || matches!(first, Some("from" | "import"))
                    && !line.text.trim_start().starts_with("from builtins ")
                || line.text[at + word.len()..].trim_start().starts_with('=')
                    && !line.text[at + word.len()..].trim_start().starts_with("==");
            if BUILTINS.contains(&word.as_str()) && defines {
                own.insert(word.clone());
            }
        }
    }
    lines.iter().any(|line| {
        identifiers(&line.text).iter().any(|(at, word)| {
            let before = line.text[..*at].trim_end();
            BUILTINS.contains(&word.as_str())
                && !own.contains(word)
                && (!before.ends_with('.') || before.ends_with("builtins."))
        })
    })
}

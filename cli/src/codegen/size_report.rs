//! Phase 5, size report (`extism-upy build --size-report`): where a plug-in's bytes go.

use crate::trim::{self, Plan};
use anyhow::Result;
use std::collections::HashSet;
use wasmparser::{self as wp, Payload};

/// Where a plug-in's bytes go, beside the core's: code per part (see `trim::code_groups`),
/// the snapshot's data, and the rest of the module.
pub struct SizeReport {
    /// (part, bytes in the core, bytes in the plug-in)
    pub rows: Vec<(String, usize, usize)>,
    /// The files compiled into the snapshot (or kept as source), with their source sizes.
    pub files: Vec<(String, usize)>,
}

impl SizeReport {
    pub(super) fn new(
        core: &[u8],
        plugin: &[u8],
        (graph, slots): (&trim::Graph, &HashSet<u32>),
        plan: &Plan,
        files: &[(String, String)],
    ) -> Result<SizeReport> {
        let core_parts = Sections::read(core)?;
        let plugin_parts = Sections::read(plugin)?;
        let in_core = trim::code_groups(graph, slots, None)?;
        let in_plugin =
            trim::code_groups(graph, slots, Some((&plan.bodies, &plugin_parts.bodies)))?;
        let mut rows: Vec<(String, usize, usize)> = in_core
            .into_iter()
            .map(|(group, a)| {
                let b = in_plugin
                    .iter()
                    .find(|(g, _)| *g == group)
                    .map_or(0, |(_, b)| *b);
                let left_out = plan
                    .left_out
                    .iter()
                    .any(|p| group.ends_with(&format!(" {p}")) || group.starts_with(p));
                let group = if left_out {
                    format!("{group} [left out]")
                } else {
                    group
                };
                (format!("code: {group}"), a, b)
            })
            .collect();
        let code_rows: (usize, usize) =
            rows.iter().fold((0, 0), |(a, b), (_, x, y)| (a + x, b + y));
        rows.push((
            "code: body headers, stubs, generated exports".into(),
            core_parts.code.saturating_sub(code_rows.0),
            plugin_parts.code.saturating_sub(code_rows.1),
        ));
        let heap_base = core_parts.heap_base.unwrap_or(u32::MAX) as usize;
        let split = |segments: &[(usize, usize)]| {
            segments.iter().fold((0, 0), |(low, high), &(at, len)| {
                let below = len.min(heap_base.saturating_sub(at));
                (low + below, high + len - below)
            })
        };
        let (core_static, core_heap) = split(&core_parts.data);
        let (plugin_static, plugin_heap) = split(&plugin_parts.data);
        rows.push((
            "data: static (rodata and data, after the build)".into(),
            core_static,
            plugin_static,
        ));
        rows.push((
            "data: heap (compiled modules, objects)".into(),
            core_heap,
            plugin_heap,
        ));
        let accounted = |rows: &[(String, usize, usize)]| {
            rows.iter().fold((0, 0), |(a, b), (_, x, y)| (a + x, b + y))
        };
        let (a, b) = accounted(&rows);
        rows.push((
            "other: headers, types, imports, exports, table (core: names, relocations)".into(),
            core.len() - a,
            plugin.len() - b,
        ));
        rows.push(("total".into(), core.len(), plugin.len()));
        Ok(SizeReport {
            rows,
            files: files.iter().map(|(p, t)| (p.clone(), t.len())).collect(),
        })
    }
}

impl std::fmt::Display for SizeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let width = self.rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
        writeln!(f, "{:width$}  {:>9}  {:>9}", "part", "core", "plug-in")?;
        for (part, core, plugin) in &self.rows {
            writeln!(f, "{part:width$}  {core:>9}  {plugin:>9}")?;
        }
        writeln!(f, "files in the snapshot (source bytes):")?;
        for (path, len) in &self.files {
            writeln!(f, "  {path} ({len})")?;
        }
        Ok(())
    }
}

/// Sizes of a module's code and data, and the core's `__heap_base`.
struct Sections {
    code: usize,
    /// Each function body's size.
    bodies: Vec<usize>,
    /// Active data segments: (offset, length).
    data: Vec<(usize, usize)>,
    heap_base: Option<u32>,
}

impl Sections {
    fn read(wasm: &[u8]) -> Result<Sections> {
        let mut sections = Sections {
            code: 0,
            bodies: Vec::new(),
            data: Vec::new(),
            heap_base: None,
        };
        let mut globals = Vec::new();
        let mut heap_base_global = None;
        for payload in wp::Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::CodeSectionStart { range, .. } => {
                    sections.code = (range.end - range.start) as usize
                }
                Payload::CodeSectionEntry(body) => {
                    let range = body.range();
                    sections.bodies.push((range.end - range.start) as usize);
                }
                Payload::GlobalSection(reader) => {
                    for global in reader {
                        let mut ops = global?.init_expr.get_operators_reader();
                        globals.push(match ops.read()? {
                            wp::Operator::I32Const { value } => Some(value as u32),
                            _ => None,
                        });
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        if export.name == "__heap_base" {
                            heap_base_global = Some(export.index as usize);
                        }
                    }
                }
                Payload::DataSection(reader) => {
                    for data in reader {
                        let data = data?;
                        if let wp::DataKind::Active { offset_expr, .. } = data.kind {
                            if let wp::Operator::I32Const { value } =
                                offset_expr.get_operators_reader().read()?
                            {
                                sections.data.push((value as usize, data.data.len()));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        sections.heap_base = heap_base_global.and_then(|g| globals.get(g).copied().flatten());
        Ok(sections)
    }
}

//! Leaves out of a plug-in the parts of the core it cannot use: native modules that no file
//! of the build imports, and the compiler when nothing is compiled at run time.
//!
//! Every native module is reachable from MicroPython's table of built-in modules, so the call
//! graph alone keeps them all. Instead, a left-out part's entries in the function table (the
//! methods its ROM objects point to, and what only they lead to) stop being roots, and the
//! compiler's entry points are cut outright; whatever is then unreachable gets a stub body.
//! Stubs that can run (a cut entry point, a left-out table entry) raise RuntimeError naming
//! the part and the build flag that keeps it (`__upy_left_out` in src/entry.rs); the others
//! are `unreachable`.
//!
//! The parts are the contract's (contract/src/lib.rs `PARTS`), found by the markers it names:
//! the compiler by its entry points (C names), a native module by its module object's data
//! symbol (`upy_module_json`, `mp_module_math`). A module's table entries are those that
//! become unreachable when nothing reaches its module object (`Graph::find_parts`), so moving
//! its Rust code to another path changes nothing, and a marker the core lacks fails the build.
//! The core keeps its name section and the linker's relocations and symbol table for this.

use anyhow::{anyhow, bail, Result};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use wasmparser::{self as wp, Payload};

// The parts a plug-in may leave out, in `__upy_left_out`'s order, and their markers.
use extism_upy_contract::{exports, Marker, PARTS};

/// The name the build flags and errors use for the compiler.
pub use extism_upy_contract::{COMPILER, MATCHER};

/// What a build keeps beyond what its files need (`extism-upy build --keep-...`).
#[derive(Default, Clone)]
pub struct Keep {
    /// Native modules to keep by import name (`re` means `_re`, as for the import scan).
    pub modules: Vec<String>,
    pub compiler: bool,
    /// Keep the whole core.
    pub all: bool,
}

/// The parts that can be left out, by the name `--keep-module` takes.
pub fn module_names() -> impl Iterator<Item = &'static str> {
    PARTS
        .iter()
        .map(|p| p.name)
        .filter(|n| *n != COMPILER && *n != MATCHER)
}

/// The core's functions: names, what each body calls or refers to, and the function table.
pub struct Graph {
    imported: u32,
    /// Names of all functions (imports first), from the name section.
    pub names: Vec<String>,
    /// Per defined function: the functions its body calls or takes a reference to.
    callees: Vec<Vec<u32>>,
    /// Per defined function: the table slots its body takes (function pointers), from the
    /// linker's relocations.
    slots: Vec<Vec<u32>>,
    /// The function pointers in the core's data: (address, slot), from the relocations.
    data_slots: Vec<(usize, u32)>,
    /// The core's data segments: (address, bytes).
    data: Vec<(usize, Vec<u8>)>,
    /// The core's data symbols (statics, constants): their addresses.
    symbols: Vec<Range<usize>>,
    /// Per defined function: the data symbols its code addresses.
    code_data: Vec<Vec<usize>>,
    /// Pointers in the core's data: (address, data symbol), by address.
    data_data: Vec<(usize, usize)>,
    /// Per defined function: its body's size in bytes.
    pub sizes: Vec<usize>,
    /// The function table: slot index -> function.
    table: HashMap<u32, u32>,
    /// The data symbols' names, as `symbols`.
    symbol_names: Vec<String>,
    /// The functions a part's entry points are (`Marker::Entries`): function -> part.
    cut_points: HashMap<u32, usize>,
    /// The table entries a part owns (see `find_parts`): function -> part.
    table_parts: HashMap<u32, usize>,
    /// Functions the core exports, by name.
    exports: Vec<(String, u32)>,
    start: Option<u32>,
}

impl Graph {
    pub fn read(wasm: &[u8]) -> Result<Graph> {
        let mut graph = Graph {
            imported: 0,
            names: Vec::new(),
            callees: Vec::new(),
            slots: Vec::new(),
            data_slots: Vec::new(),
            data: Vec::new(),
            symbols: Vec::new(),
            code_data: Vec::new(),
            data_data: Vec::new(),
            sizes: Vec::new(),
            table: HashMap::new(),
            symbol_names: Vec::new(),
            cut_points: HashMap::new(),
            table_parts: HashMap::new(),
            exports: Vec::new(),
            start: None,
        };
        let mut names = Vec::new();
        // Absolute offsets: where the code and data sections' contents start, each body's
        // range, each data segment's bytes.
        let (mut code_start, mut data_start) = (0, 0);
        let mut bodies = Vec::new();
        let mut segments = Vec::new();
        let mut relocs = Vec::new();
        let mut symbols = Vec::new();
        for payload in wp::Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        if matches!(import?.ty, wp::TypeRef::Func(_) | wp::TypeRef::FuncExact(_)) {
                            graph.imported += 1;
                        }
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        if export.kind == wp::ExternalKind::Func {
                            graph.exports.push((export.name.to_string(), export.index));
                        }
                    }
                }
                Payload::StartSection { func, .. } => graph.start = Some(func),
                Payload::ElementSection(reader) => {
                    for element in reader {
                        let element = element?;
                        let wp::ElementKind::Active { offset_expr, .. } = element.kind else {
                            bail!("the core has a passive element segment");
                        };
                        let wp::Operator::I32Const { value } =
                            offset_expr.get_operators_reader().read()?
                        else {
                            bail!("the core's element segment has no constant offset");
                        };
                        let mut funcs = Vec::new();
                        match element.items {
                            wp::ElementItems::Functions(reader) => {
                                for f in reader {
                                    funcs.push(f?);
                                }
                            }
                            wp::ElementItems::Expressions(_, exprs) => {
                                for expr in exprs {
                                    if let wp::Operator::RefFunc { function_index } =
                                        expr?.get_operators_reader().read()?
                                    {
                                        funcs.push(function_index);
                                    }
                                }
                            }
                        }
                        for (i, f) in funcs.into_iter().enumerate() {
                            graph.table.insert(value as u32 + i as u32, f);
                        }
                    }
                }
                Payload::CodeSectionStart { range, .. } => code_start = range.start as usize,
                Payload::CodeSectionEntry(body) => {
                    let mut callees = Vec::new();
                    for op in body.get_operators_reader()? {
                        match op? {
                            wp::Operator::Call { function_index }
                            | wp::Operator::ReturnCall { function_index }
                            | wp::Operator::RefFunc { function_index } => {
                                callees.push(function_index)
                            }
                            _ => {}
                        }
                    }
                    graph.callees.push(callees);
                    let range = body.range();
                    let range = range.start as usize..range.end as usize;
                    graph.sizes.push(range.len());
                    bodies.push(range);
                }
                Payload::DataSection(reader) => {
                    data_start = reader.range().start as usize;
                    for data in reader {
                        let data = data?;
                        if let wp::DataKind::Active { offset_expr, .. } = data.kind {
                            if let wp::Operator::I32Const { value } =
                                offset_expr.get_operators_reader().read()?
                            {
                                let at = data.range.end as usize - data.data.len();
                                segments.push((at, value as usize, data.data.len()));
                                graph.data.push((value as usize, data.data.to_vec()));
                            }
                        }
                    }
                }
                Payload::CustomSection(reader) => {
                    if let wp::KnownCustom::Reloc(reader) = reader.as_known() {
                        let code = reader_name_is(&reader, wasm, "reloc.CODE");
                        for entry in reader.entries() {
                            let entry = entry?;
                            relocs.push((code, entry.ty, entry.offset as usize, entry.index));
                        }
                    } else if let wp::KnownCustom::Linking(reader) = reader.as_known() {
                        for subsection in reader.subsections() {
                            if let wp::Linking::SymbolTable(map) = subsection? {
                                for symbol in map {
                                    symbols.push(match symbol? {
                                        wp::SymbolInfo::Data {
                                            symbol: Some(data),
                                            name,
                                            ..
                                        } => Some((data, name)),
                                        _ => None,
                                    });
                                }
                            }
                        }
                    } else if let wp::KnownCustom::Name(reader) = reader.as_known() {
                        for name in reader {
                            if let wp::Name::Function(map) = name? {
                                for naming in map {
                                    let naming = naming?;
                                    names.push((naming.index, naming.name.to_string()));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        // Data symbols: symbol-table index -> index in `graph.symbols`.
        let mut symbol_ids = Vec::new();
        for symbol in symbols {
            symbol_ids.push(symbol.and_then(|(data, name)| {
                let (address, _) = graph.data.get(data.index as usize)?;
                let start = address + data.offset as usize;
                graph.symbols.push(start..start + data.size as usize);
                graph.symbol_names.push(name.to_string());
                Some(graph.symbols.len() - 1)
            }));
        }
        graph.slots = vec![Vec::new(); bodies.len()];
        graph.code_data = vec![Vec::new(); bodies.len()];
        for (code, ty, offset, index) in relocs {
            use wp::RelocationType as R;
            let at = if code { code_start } else { data_start } + offset;
            let place = if code {
                bodies.partition_point(|b| b.end <= at)
            } else {
                let Some(&(start, address, _)) = segments
                    .iter()
                    .find(|(start, _, len)| (*start..start + len).contains(&at))
                else {
                    bail!("a relocation outside the core's data segments");
                };
                address + at - start
            };
            let symbol = symbol_ids.get(index as usize).copied().flatten();
            match ty {
                R::TableIndexSleb if code => {
                    let mut reader = wp::BinaryReader::new(&wasm[at..], at as u64);
                    graph.slots[place].push(reader.read_var_i32()? as u32);
                }
                R::TableIndexI32 if !code => {
                    let word = wasm[at..at + 4].try_into().unwrap();
                    graph.data_slots.push((place, u32::from_le_bytes(word)));
                }
                R::MemoryAddrLeb
                | R::MemoryAddrSleb
                | R::MemoryAddrI32
                | R::MemoryAddrRelSleb
                | R::MemoryAddrLocrelI32 => match (symbol, code) {
                    (Some(symbol), true) => graph.code_data[place].push(symbol),
                    (Some(symbol), false) => graph.data_data.push((place, symbol)),
                    _ => {}
                },
                _ => {}
            }
        }
        graph.data_data.sort();
        graph.names = vec![String::new(); graph.imported as usize + graph.callees.len()];
        for (index, name) in names {
            if let Some(slot) = graph.names.get_mut(index as usize) {
                // Rust's paths, without the hash: `extism_upy_core::modules::re::compile`.
                *slot = format!("{:#}", rustc_demangle::demangle(&name));
            }
        }
        if graph.can_trim() {
            graph.find_parts()?;
        }
        Ok(graph)
    }

    /// Finds each part of the contract's `PARTS` by its marker: the functions that are its
    /// cut points (`Marker::Entries`), and the table entries it owns: those that following
    /// calls, function pointers, data addresses and pointers in data from the core's exports
    /// reaches, but no longer reaches when the part's marker (its entry points, or its
    /// module object's data symbol) is not entered. Fails if a marker is missing, so that
    /// the contract and the core cannot drift apart silently.
    fn find_parts(&mut self) -> Result<()> {
        let mut data_slots = self.data_slots.clone();
        data_slots.sort();
        let everything = self.reach_all(&data_slots, &HashSet::new(), None, &[]);
        // What the compiler makes outlives it: code compiled at build time, in the snapshot,
        // holds Python objects the compiler's code addresses, such as the builtin function a
        // class body with annotations calls (`upy_annotate_class_obj`). So without the
        // compiler, every object some code addresses stays reachable, and what it points to:
        // by MicroPython's naming, C's and ours, an object's symbol ends in `_obj` (tables
        // such as the emitter's methods do not, and go with the compiler).
        let compiled_output: Vec<usize> = self
            .code_data
            .iter()
            .flatten()
            .copied()
            .filter(|&id| self.symbol_names[id].ends_with("_obj"))
            .collect();
        for (p, part) in PARTS.iter().enumerate() {
            let (cut, symbol, data_roots) = match part.marker {
                Marker::Entries(functions) => {
                    let mut cut = HashSet::new();
                    for name in functions {
                        let Some(f) = self.names.iter().position(|n| n == name) else {
                            bail!(
                                "the core has no function {name}, an entry point of part {} in \
                                 the contract (contract/src/lib.rs)",
                                part.name
                            );
                        };
                        self.cut_points.insert(f as u32, p);
                        cut.insert(f as u32);
                    }
                    (cut, None, &compiled_output[..])
                }
                Marker::Module(symbol) => {
                    let Some(id) = self.symbol_names.iter().position(|n| n == symbol) else {
                        bail!(
                            "the core has no data symbol {symbol}, the module object of part {} \
                             in the contract (contract/src/lib.rs)",
                            part.name
                        );
                    };
                    (HashSet::new(), Some(id), &[][..])
                }
            };
            let without = self.reach_all(&data_slots, &cut, symbol, data_roots);
            let mut owned = 0;
            for &f in self.table.values() {
                if everything[f as usize] && !without[f as usize] {
                    self.table_parts.entry(f).or_insert(p);
                    owned += 1;
                }
            }
            if owned == 0 {
                bail!(
                    "no function of the core's table belongs to part {} (marker {:?})",
                    part.name,
                    part.marker
                );
            }
        }
        Ok(())
    }

    /// The functions (by index, imports included) reachable from the core's exports and start
    /// through calls, the function pointers code takes, the data symbols code addresses, and
    /// the pointers (to data and to functions) in those; without entering the functions in
    /// `cut` or the data symbol `cut_symbol`; `data_roots` are reachable from the start.
    /// `data_slots` is `self.data_slots`, sorted.
    fn reach_all(
        &self,
        data_slots: &[(usize, u32)],
        cut: &HashSet<u32>,
        cut_symbol: Option<usize>,
        data_roots: &[usize],
    ) -> Vec<bool> {
        let mut functions = vec![false; self.names.len()];
        let mut symbols = vec![false; self.symbols.len()];
        let mut stack: Vec<u32> = self.exports.iter().map(|(_, f)| *f).collect();
        stack.extend(self.start);
        let mut data_stack = data_roots.to_vec();
        while !stack.is_empty() || !data_stack.is_empty() {
            while let Some(f) = stack.pop() {
                if cut.contains(&f) || std::mem::replace(&mut functions[f as usize], true) {
                    continue;
                }
                let Some(i) = f.checked_sub(self.imported) else {
                    continue;
                };
                let i = i as usize;
                stack.extend(self.callees[i].iter().copied());
                stack.extend(self.slots[i].iter().map(|s| self.table[s]));
                data_stack.extend(self.code_data[i].iter().copied());
            }
            while let Some(id) = data_stack.pop() {
                if Some(id) == cut_symbol || std::mem::replace(&mut symbols[id], true) {
                    continue;
                }
                let range = &self.symbols[id];
                data_stack.extend(within(&self.data_data, range).iter().map(|(_, t)| *t));
                stack.extend(within(data_slots, range).iter().map(|(_, s)| self.table[s]));
            }
        }
        functions
    }

    /// Whether the core has what trimming needs: names and the linker's relocations (a core
    /// from EXTISM_UPY_CORE may lack them; its plug-ins then keep it whole).
    fn can_trim(&self) -> bool {
        self.names.iter().any(|n| !n.is_empty()) && !self.data_slots.is_empty()
    }

    fn export(&self, name: &str) -> Result<u32> {
        self.exports
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, i)| *i)
            .ok_or_else(|| anyhow!("the core exports no {name}"))
    }

    /// The part (index in `PARTS`) whose cut points include `func`.
    fn cut_point(&self, func: u32) -> Option<usize> {
        self.cut_points.get(&func).copied()
    }

    /// The part (index in `PARTS`) that owns `func` as a table entry.
    fn table_part(&self, func: u32) -> Option<usize> {
        self.table_parts.get(&func).copied()
    }

    /// The table slots the build may have stored in memory: every aligned 32-bit word that
    /// the build changed (heap, stack, statics; and every i32 global) and that equals a slot
    /// index. Most are numbers that happen to be equal; `live` counts only those some code
    /// that can run at build time takes as a function pointer.
    pub fn memory_slots(&self, memory: &[u8], globals: &[i32]) -> HashSet<u32> {
        let initial = self.initial_memory(memory.len());
        memory
            .chunks_exact(4)
            .zip(initial.chunks_exact(4))
            .filter(|(now, was)| now != was)
            .map(|(now, _)| u32::from_le_bytes(now.try_into().unwrap()))
            .chain(globals.iter().map(|&g| g as u32))
            .filter(|v| self.table.contains_key(v))
            .collect()
    }

    /// Memory as the core starts: its data segments.
    fn initial_memory(&self, len: usize) -> Vec<u8> {
        let mut initial = vec![0u8; len];
        for (address, bytes) in &self.data {
            let end = (address + bytes.len()).min(len);
            initial[*address..end].copy_from_slice(&bytes[..end - address]);
        }
        initial
    }

    /// The bytes of the core's data that a plug-in whose live functions are `live` cannot
    /// reach: data symbols that no live code addresses, no reachable data points to, the
    /// build did not write, and no word the build wrote (or global) points into.
    pub fn dead_data(&self, live: &[bool], memory: &[u8], globals: &[i32]) -> Vec<Range<usize>> {
        let initial = self.initial_memory(memory.len());
        let mut reached = vec![false; self.symbols.len()];
        let mut stack: Vec<usize> = (0..self.callees.len())
            .filter(|&i| live[i])
            .flat_map(|i| self.code_data[i].iter().copied())
            .collect();
        let stored: Vec<usize> = memory
            .chunks_exact(4)
            .zip(initial.chunks_exact(4))
            .filter(|(now, was)| now != was)
            .map(|(now, _)| u32::from_le_bytes(now.try_into().unwrap()) as usize)
            .chain(globals.iter().map(|&g| g as u32 as usize))
            .collect();
        for (id, range) in self.symbols.iter().enumerate() {
            let written = memory.get(range.clone()) != initial.get(range.clone());
            if written || stored.iter().any(|p| range.contains(p)) {
                stack.push(id);
            }
        }
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut reached[id], true) {
                continue;
            }
            stack.extend(
                within(&self.data_data, &self.symbols[id])
                    .iter()
                    .map(|(_, t)| *t),
            );
        }
        // A byte is dead when every symbol covering it is (symbols may overlap).
        let mut dead = vec![false; memory.len()];
        for keep in [false, true] {
            for (id, range) in self.symbols.iter().enumerate() {
                if reached[id] == keep && range.end <= memory.len() {
                    dead[range.clone()].fill(!keep);
                }
            }
        }
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for (at, _) in dead.iter().enumerate().filter(|(_, d)| **d) {
            match ranges.last_mut() {
                Some(last) if last.end == at => last.end += 1,
                _ => ranges.push(at..at + 1),
            }
        }
        ranges
    }

    /// The defined functions reachable from `roots` when the parts in `left_out` are cut
    /// off: through calls and the table slots their code takes. By defined-function index.
    fn reach(&self, left_out: &[bool], mut stack: Vec<u32>) -> Vec<bool> {
        let mut live = vec![false; self.callees.len()];
        while let Some(f) = stack.pop() {
            let Some(i) = f.checked_sub(self.imported) else {
                continue;
            };
            let i = i as usize;
            // A cut point's callers reach its stub, not its body.
            if live[i] || self.cut_point(f).is_some_and(|p| left_out[p]) {
                continue;
            }
            live[i] = true;
            stack.extend(self.callees[i].iter().copied());
            stack.extend(self.slots[i].iter().filter_map(|s| self.slot(s, left_out)));
        }
        live
    }

    /// The imported functions that no function in `live` calls, refers to or puts in the
    /// table (by import index).
    fn unused_imports(&self, live: &[bool]) -> Vec<u32> {
        let mut used = vec![false; self.imported as usize];
        let mut mark = |f: u32| {
            if let Some(u) = used.get_mut(f as usize) {
                *u = true;
            }
        };
        for (i, callees) in self.callees.iter().enumerate() {
            if live[i] {
                callees.iter().copied().for_each(&mut mark);
            }
        }
        self.table.values().copied().for_each(&mut mark);
        (0..self.imported).filter(|&f| !used[f as usize]).collect()
    }

    /// The function in table slot `s`, unless it is a method of a left-out part.
    fn slot(&self, s: &u32, left_out: &[bool]) -> Option<u32> {
        let f = self.table[s];
        (!self.table_part(f).is_some_and(|p| left_out[p])).then_some(f)
    }

    /// The defined functions a plug-in can reach when the parts in `left_out` are cut off:
    /// from its entry points, and from the function pointers in the core's data and those
    /// the build stored (`memory_slots`, as far as code reachable at build time takes them).
    fn live(&self, left_out: &[bool], memory_slots: &HashSet<u32>) -> Result<Vec<bool>> {
        let data: Vec<u32> = self
            .data_slots
            .iter()
            .filter_map(|(_, s)| self.slot(s, left_out))
            .collect();
        let mut build_roots: Vec<u32> = self.exports.iter().map(|(_, f)| *f).collect();
        build_roots.extend(self.start);
        build_roots.extend(&data);
        let build = self.reach(left_out, build_roots);
        let stored: HashSet<u32> = build
            .iter()
            .enumerate()
            .filter(|(_, live)| **live)
            .flat_map(|(i, _)| self.slots[i].iter().copied())
            .filter(|s| memory_slots.contains(s))
            .collect();
        let mut roots = Vec::new();
        for name in [exports::CALL, exports::CALL_SHARED, exports::LEFT_OUT] {
            roots.push(self.export(name)?);
        }
        roots.extend(self.start);
        roots.extend(data);
        roots.extend(stored.iter().filter_map(|s| self.slot(s, left_out)));
        Ok(self.reach(left_out, roots))
    }
}

/// The entries of `by_address` (sorted by address) whose address lies in `range`.
fn within<'a, T>(by_address: &'a [(usize, T)], range: &Range<usize>) -> &'a [(usize, T)] {
    let from = by_address.partition_point(|(at, _)| *at < range.start);
    let to = by_address.partition_point(|(at, _)| *at < range.end);
    &by_address[from..to.max(from)]
}

/// Whether a custom section's name is `name` (the reloc reader does not give it).
fn reader_name_is(reader: &wp::RelocSectionReader, wasm: &[u8], name: &str) -> bool {
    let start = reader.range().start as usize;
    wasm[..start].ends_with(name.as_bytes())
}

/// What becomes of a defined function's body in a plug-in.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Body {
    Keep,
    /// `i32.const part; call __upy_left_out; unreachable`: it can be called.
    LeftOut(u32),
    /// `unreachable`: nothing can call it.
    Dead,
}

/// The plan for one plug-in: a body per defined function, and what was left out.
pub struct Plan {
    pub bodies: Vec<Body>,
    /// Per defined function: whether a plug-in can run its body.
    pub live: Vec<bool>,
    pub left_out_fn: u32,
    pub left_out: Vec<&'static str>,
    /// Imported functions the plug-in never calls (by import index): the rewrite drops those
    /// of WASI, so that a plug-in without `_clock` or `_entropy` needs no WASI host.
    pub unused_imports: Vec<u32>,
}

/// Which parts a build needs: `modules` are the names its files import (top-level names,
/// any file, any block), `compiles` whether anything may compile at run time, `matches`
/// whether a file has a `match` statement.
pub fn plan(
    graph: &Graph,
    memory_slots: &HashSet<u32>,
    modules: &HashSet<String>,
    (compiles, matches): (bool, bool),
    keep: &Keep,
) -> Result<Plan> {
    if !graph.can_trim() {
        return Ok(Plan {
            bodies: vec![Body::Keep; graph.callees.len()],
            live: vec![true; graph.callees.len()],
            left_out_fn: 0,
            left_out: Vec::new(),
            unused_imports: Vec::new(),
        });
    }
    let left_out_fn = graph.export(exports::LEFT_OUT)?;
    let left_out: Vec<bool> = PARTS
        .iter()
        .map(|part| {
            let name = part.name;
            let kept = keep.all
                || if name == COMPILER {
                    compiles || keep.compiler
                } else if name == MATCHER {
                    matches || compiles || keep.compiler
                } else {
                    // The import scan sees `re`, which imports `_re`: either name keeps it.
                    let public = name.trim_start_matches('_');
                    [name, public]
                        .iter()
                        .any(|n| modules.contains(*n) || keep.modules.iter().any(|k| k == n))
                };
            !kept
        })
        .collect();
    let live = graph.live(&left_out, memory_slots)?;
    let bodies: Vec<Body> = (0..graph.callees.len())
        .map(|i| {
            let f = graph.imported + i as u32;
            let in_table = graph.table.values().any(|&t| t == f);
            match graph.cut_point(f) {
                Some(p) if left_out[p] => return Body::LeftOut(p as u32),
                _ => {}
            }
            if live[i] {
                return Body::Keep;
            }
            match graph.table_part(f) {
                // A left-out module's method: a scan-invisible import can still call it.
                Some(p) if in_table && left_out[p] => Body::LeftOut(p as u32),
                // Nothing reachable calls it or names its slot.
                _ => Body::Dead,
            }
        })
        .collect();
    Ok(Plan {
        bodies,
        unused_imports: graph.unused_imports(&live),
        live,
        left_out_fn,
        left_out: PARTS
            .iter()
            .zip(&left_out)
            .filter(|(_, out)| **out)
            .map(|(part, _)| part.name)
            .collect(),
    })
}

/// Code bytes per part of the core, for `--size-report`: a part's bytes are those of the
/// functions that leaving it out removes, the rest grouped by where the code comes from;
/// in the core (`plugin` None) or in a plug-in: its bodies and their sizes there (stubs
/// count for no part).
pub fn code_groups(
    graph: &Graph,
    memory_slots: &HashSet<u32>,
    plugin: Option<(&[Body], &[usize])>,
) -> Result<Vec<(String, usize)>> {
    let all = graph.live(&vec![false; PARTS.len()], memory_slots)?;
    let mut owner: Vec<Option<String>> = vec![None; graph.callees.len()];
    for (p, name) in PARTS.iter().map(|part| part.name).enumerate() {
        let mut left_out = vec![false; PARTS.len()];
        left_out[p] = true;
        let live = graph.live(&left_out, memory_slots)?;
        for i in 0..owner.len() {
            if all[i] && !live[i] && owner[i].is_none() {
                owner[i] = Some(if name == COMPILER {
                    "compiler (lexer, parser, compiler, emitter)".to_string()
                } else if name == MATCHER {
                    "the match statement's matcher".to_string()
                } else {
                    format!("native module {name}")
                });
            }
        }
    }
    let mut groups: Vec<(String, usize)> = Vec::new();
    for (i, owner) in owner.into_iter().enumerate() {
        let size = match plugin {
            None => graph.sizes[i],
            Some((bodies, sizes)) if bodies[i] == Body::Keep => sizes[i],
            Some(_) => 0,
        };
        let name = &graph.names[graph.imported as usize + i];
        let group = owner.unwrap_or_else(|| {
            let krate = name
                .trim_start_matches('<')
                .split("::")
                .next()
                .unwrap_or("");
            if !all[i] {
                "build time only (__upy_build, __upy_run, ...)".to_string()
            } else if name.starts_with("__upy_") || krate == "extism_upy_core" {
                "port, extism_pdk and _extism_pdk (Rust)".to_string()
            } else if name.contains("::") {
                "Rust std, alloc, libm, dlmalloc, extism-pdk".to_string()
            } else {
                "MicroPython runtime (C)".to_string()
            }
        });
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some(entry) => entry.1 += size,
            None => groups.push((group, size)),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.1));
    Ok(groups)
}

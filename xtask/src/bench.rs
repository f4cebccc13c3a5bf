//! `cargo xtask bench`: whole-program benchmarks of release binaries, timed from outside.
//!
//! A benchmark is an entry in [`BENCHES`]: a name, one line on what it measures, and a
//! function that prints its numbers. Add one by writing the function and listing it. Timings
//! are printed, never asserted: a slow machine must not fail a build (DESIGN.md, Testing).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::sh::{self, note, step};
use crate::{Paths, demo};

/// What every benchmark gets.
pub struct Ctx {
    /// The release `dossier` CLI.
    pub dossier: PathBuf,
    /// An empty directory of its own, removed afterwards.
    pub scratch: PathBuf,
}

pub struct Bench {
    pub name: &'static str,
    pub about: &'static str,
    pub run: fn(&Ctx) -> Result<()>,
}

pub const BENCHES: &[Bench] = &[Bench {
    name: "demo-digest",
    about: "`dossier demo --scale street` (create + fill an archive) against `dossier digest` on it",
    run: demo_vs_digest,
}];

/// Runs the named benchmarks, or all of them.
pub fn run(paths: &Paths, names: &[String]) -> Result<()> {
    let chosen: Vec<&Bench> = if names.is_empty() {
        BENCHES.iter().collect()
    } else {
        names
            .iter()
            .map(|n| {
                BENCHES.iter().find(|b| b.name == n).with_context(|| {
                    format!("no benchmark named {n:?}; `cargo xtask bench --list` lists them")
                })
            })
            .collect::<Result<_>>()?
    };
    step("Building the CLI (release)");
    sh::run(
        Command::new("cargo").args(["build", "--release", "-p", "dossier-cli"]),
        "fix the compile error above",
    )?;
    let dossier = paths.target.join("release/dossier");
    for bench in chosen {
        step(format!("bench {}: {}", bench.name, bench.about));
        let scratch = paths.target.join("xtask/bench").join(bench.name);
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch)?;
        let ctx = Ctx {
            dossier: dossier.clone(),
            scratch: scratch.clone(),
        };
        let outcome = (bench.run)(&ctx);
        let _ = std::fs::remove_dir_all(&scratch);
        outcome.with_context(|| format!("benchmark {} failed", bench.name))?;
    }
    Ok(())
}

pub fn list() {
    for bench in BENCHES {
        println!("{:<16} {}", bench.name, bench.about);
    }
}

/// Times one run of `cmd`, its output swallowed unless it fails.
fn time(cmd: &mut Command) -> Result<Duration> {
    let start = Instant::now();
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| sh::display(cmd))?;
    let took = start.elapsed();
    if !out.status.success() {
        bail!(
            "`{}` failed ({}): {}",
            sh::display(cmd),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(took)
}

/// The median of `runs` timings of what `make` builds (a fresh command each run).
fn median(runs: usize, mut make: impl FnMut(usize) -> Result<Command>) -> Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        times.push(time(&mut make(i)?)?);
    }
    times.sort();
    Ok(times[runs / 2])
}

fn dossier(ctx: &Ctx, archive: &Path, passphrase: &str) -> Command {
    let mut cmd = Command::new(&ctx.dossier);
    cmd.arg("--archive")
        .arg(archive)
        .env("DOSSIER_PASSPHRASE", passphrase);
    cmd
}

fn demo_vs_digest(ctx: &Ctx) -> Result<()> {
    let passphrase = demo::random_passphrase()?;
    let archive = |i: usize| ctx.scratch.join(format!("demo-{i}"));
    let demo = median(3, |i| {
        let mut cmd = dossier(ctx, &archive(i), &passphrase);
        cmd.args(["demo", "--scale", "street"]);
        Ok(cmd)
    })?;
    let digest = median(5, |_| {
        let mut cmd = dossier(ctx, &archive(0), &passphrase);
        cmd.arg("digest");
        Ok(cmd)
    })?;
    note(format!(
        "demo --scale street  {:>9.1} ms  (median of 3)",
        ms(demo)
    ));
    note(format!(
        "digest               {:>9.1} ms  (median of 5)",
        ms(digest)
    ));
    note(format!(
        "demo / digest        {:>9.2}",
        demo.as_secs_f64() / digest.as_secs_f64()
    ));
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

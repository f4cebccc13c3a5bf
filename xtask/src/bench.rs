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

pub const BENCHES: &[Bench] = &[
    Bench {
        name: "demo-digest",
        about: "`dossier demo --scale street` (create + fill an archive) against `dossier digest` on it",
        run: demo_vs_digest,
    },
    Bench {
        name: "sync",
        about: "the street demo exported as one bundle and imported at a village: ops/s against a plain insert of the same rows in the same database; export ops/s and bytes per op",
        run: sync_street,
    },
    Bench {
        name: "sync-county",
        about: "as `sync`, with the county demo (about 80,000 ops; a minute)",
        run: sync_county,
    },
    Bench {
        name: "search",
        about: "search on the county demo (7,500 subjects), p50/p95 per query against listing the roster",
        run: search,
    },
    Bench {
        name: "reports",
        about: "the county demo's roster for 2026-11 (about 1,550 of its 7,500 subjects overlap the month; 159 pages) to PDF and to XLSX, and the monthly statistics, against the same roster to CSV (whole commands, median of 3)",
        run: reports,
    },
];

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

/// The search benchmark's queries: what each stands for, and the text typed.
const SEARCH_QUERIES: &[(&str, &str)] = &[
    ("one character", "徐"),
    ("full name", "徐建国"),
    ("pinyin initials", "xjg"),
    ("full pinyin", "xujianguo"),
    ("ID fragment", "19780"),
    ("file-number fragment", "2024-01"),
];

/// The `p`th percentile (0..=100) of sorted samples.
fn percentile(sorted: &[f64], p: usize) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = (sorted.len() * p).div_ceil(100).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// Searches timed in-process by the CLI's hidden `time-search` (so unlocking, which is
/// Argon2id and deliberately slow, is not in the figures), on the county demo. The baseline is
/// `subject_list` on the same archive in the same process; each figure is also given as a
/// ratio to its median.
fn search(ctx: &Ctx) -> Result<()> {
    let passphrase = demo::random_passphrase()?;
    let archive = ctx.scratch.join("county");
    let made = time(
        dossier(ctx, &archive, &passphrase).args(["demo", "--scale", "county", "--seed", "1"]),
    )?;
    note(format!(
        "demo --scale county   {:>9.1} ms (set-up, once)",
        ms(made)
    ));
    let mut cmd = dossier(ctx, &archive, &passphrase);
    cmd.args(["time-search", "--runs", "50"])
        .args(SEARCH_QUERIES.iter().map(|q| q.1));
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| sh::display(&cmd))?;
    if !out.status.success() {
        bail!(
            "time-search failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let text = String::from_utf8(out.stdout)?;
    let mut rows = Vec::new();
    for line in text.lines() {
        let mut parts = line.split('\t');
        let (Some(q), Some(hits), Some(samples)) = (parts.next(), parts.next(), parts.next())
        else {
            bail!("unexpected time-search output: {line}");
        };
        let mut us: Vec<f64> = samples
            .split(',')
            .map(|s| s.parse().unwrap_or(0.0))
            .collect();
        us.sort_by(f64::total_cmp);
        rows.push((q.to_owned(), hits.to_owned(), us));
    }
    let Some(base) = rows.first().map(|r| percentile(&r.2, 50)) else {
        bail!("time-search printed nothing");
    };
    note(format!(
        "{:<32} {:>6} {:>10} {:>10} {:>9} {:>9}",
        "query", "hits", "p50 µs", "p95 µs", "p50/base", "p95/base"
    ));
    for (q, hits, us) in &rows {
        let label = SEARCH_QUERIES
            .iter()
            .find(|(_, text)| text == q)
            .map_or(q.clone(), |(what, text)| format!("{what} ({text})"));
        let (p50, p95) = (percentile(us, 50), percentile(us, 95));
        note(format!(
            "{label:<32} {hits:>6} {p50:>10.0} {p95:>10.0} {:>9.4} {:>9.4}",
            p50 / base,
            p95 / base
        ));
    }
    note("base = p50 of `subject_list` (the whole roster with its facts) on the same archive");
    Ok(())
}

fn reports(ctx: &Ctx) -> Result<()> {
    let passphrase = demo::random_passphrase()?;
    let archive = ctx.scratch.join("county");
    let made = time(dossier(ctx, &archive, &passphrase).args([
        "demo",
        "--scale",
        "county",
        "--seed",
        "1",
        "--today",
        "2026-11-22",
    ]))?;
    note(format!(
        "demo --scale county   {:>9.1} ms (set-up, once)",
        ms(made)
    ));
    // Every run unlocks the archive (Argon2) and reads the same rows; the CSV is the
    // baseline, so the ratios say what typesetting and the spreadsheet add.
    let run = |ledger: &str, format: &str| {
        median(3, |i| {
            let out = ctx.scratch.join(format!("{ledger}-{i}.{format}"));
            let mut cmd = dossier(ctx, &archive, &passphrase);
            cmd.args([
                "report", ledger, "--period", "2026-11", "--format", format, "--out",
            ])
            .arg(out);
            Ok(cmd)
        })
    };
    let base = run("roster", "csv")?;
    note(format!("{:<28} {:>10} {:>9}", "report", "ms", "/ csv"));
    for (ledger, format) in [
        ("roster", "csv"),
        ("roster", "pdf"),
        ("roster", "xlsx"),
        ("monthly_stats", "csv"),
        ("monthly_stats", "pdf"),
    ] {
        let took = if (ledger, format) == ("roster", "csv") {
            base
        } else {
            run(ledger, format)?
        };
        note(format!(
            "{:<28} {:>10.1} {:>9.2}",
            format!("{ledger} {format}"),
            ms(took),
            ms(took) / ms(base)
        ));
    }
    let mut cmd = dossier(ctx, &archive, &passphrase);
    cmd.args([
        "report", "roster", "--period", "2026-11", "--format", "pdf", "--out",
    ])
    .arg(ctx.scratch.join("roster.pdf"));
    note(capture(cmd)?.trim());
    note("base = the roster to CSV: unlock, read and label the same rows, no typesetting");
    Ok(())
}

/// Runs `dossier` with `args` and returns its stdout; fails with its stderr.
fn capture(mut cmd: Command) -> Result<String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| sh::display(&cmd))?;
    if !out.status.success() {
        bail!(
            "`{}` failed: {}",
            sh::display(&cmd),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// One `time-sync` line: its tab-separated numbers after the label.
fn numbers(text: &str, label: &str) -> Result<Vec<f64>> {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{label}\t")))
        .with_context(|| format!("time-sync printed no {label} line: {text}"))?;
    line.split('\t')
        .skip(1)
        .map(|n| {
            n.parse::<f64>()
                .context("a time-sync figure is not a number")
        })
        .collect()
}

fn sync_street(ctx: &Ctx) -> Result<()> {
    sync_bench(ctx, "street")
}

fn sync_county(ctx: &Ctx) -> Result<()> {
    sync_bench(ctx, "county")
}

/// The demo archive is an office; a village archive is enrolled by it; the office exports
/// everything to the village as one bundle, which the village imports. Export and import
/// are timed in-process by the CLI's hidden `time-sync`; the baseline is the same ops
/// inserted as plain rows (same columns and keys as the op log) into the village's own
/// encrypted database, one transaction, in the same run.
fn sync_bench(ctx: &Ctx, scale: &str) -> Result<()> {
    let passphrase = demo::random_passphrase()?;
    let office = ctx.scratch.join("office");
    let village = ctx.scratch.join("village");
    let made =
        time(dossier(ctx, &office, &passphrase).args(["demo", "--scale", scale, "--seed", "1"]))?;
    note(format!(
        "demo --scale {scale:<7} {:>9.1} ms (set-up, once)",
        ms(made)
    ));
    let mut init = dossier(ctx, &village, &passphrase);
    init.args([
        "init",
        "--role",
        "village",
        "--jurisdiction",
        "330723001202",
        "--officer",
        "bench",
    ]);
    capture(init)?;
    let request = ctx.scratch.join("request.json");
    let cert = ctx.scratch.join("cert.bundle");
    let bundle = ctx.scratch.join("all.bundle");
    let mut cmd = dossier(ctx, &village, &passphrase);
    cmd.args(["device", "request", "--out"]).arg(&request);
    capture(cmd)?;
    let mut cmd = dossier(ctx, &office, &passphrase);
    // The office's whole jurisdiction, so it shares every file: the bench measures moving
    // all of them, not the filtering a village device normally gets.
    let whole = if scale == "county" {
        "330723"
    } else {
        "330723001"
    };
    cmd.args(["device", "enroll"])
        .arg(&request)
        .arg("--out")
        .arg(&cert)
        .args(["--jurisdiction", whole]);
    let device = capture(cmd)?.trim().to_owned();
    let mut cmd = dossier(ctx, &village, &passphrase);
    cmd.args(["device", "accept"]).arg(&cert);
    capture(cmd)?;

    let mut cmd = dossier(ctx, &office, &passphrase);
    cmd.args(["time-sync", "export", "--to", &device, "--out"])
        .arg(&bundle);
    let export = numbers(&capture(cmd)?, "export")?;
    let mut cmd = dossier(ctx, &village, &passphrase);
    cmd.args(["time-sync", "import"]).arg(&bundle);
    let text = capture(cmd)?;
    let import = numbers(&text, "import")?;
    let plain = numbers(&text, "plain")?;
    let (ops, bytes, export_us) = (export[0], export[1], export[2]);
    let rate = |n: f64, us: f64| n / (us / 1e6);
    let import_rate = rate(import[0], import[1]);
    let plain_rate = rate(plain[0], plain[1]);
    note(format!(
        "export        {ops:>9} ops {:>10.1} ms {:>12.0} ops/s {:>8.1} bytes/op ({bytes} bytes)",
        export_us / 1000.0,
        rate(ops, export_us),
        bytes / ops.max(1.0)
    ));
    note(format!(
        "import        {:>9} ops {:>10.1} ms {:>12.0} ops/s  (decrypt, check, plan, log, project)",
        import[0],
        import[1] / 1000.0,
        import_rate
    ));
    note(format!(
        "plain insert  {:>9} ops {:>10.1} ms {:>12.0} ops/s  (the same rows, same database)",
        plain[0],
        plain[1] / 1000.0,
        plain_rate
    ));
    note(format!(
        "import / plain insert rate  {:>6.2}  (goal: at least 0.5)",
        import_rate / plain_rate
    ));
    Ok(())
}

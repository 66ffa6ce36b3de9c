//! `registry export --cohort COHORT.json --out release.zip [--k 5] [--release-key HEX]`: an
//! anonymised research release (docs/release-format.md) written by the server's operator, with a
//! progress bar; the release is an audit event of the actor `cli`.
//!
//! `registry analyse --cohort COHORT.json --out DIR [--k 5]`: the same release's aggregate
//! tables, codebook and plots only (no patient-level table), into a directory, for a quick look.

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use registry_core::role::Role;
use registry_core::store::{self, Actor, DbConn, WriteCtx};
use registry_export::release::{
    self, CohortDefinition, ReleaseError, ReleaseRequest, ReleaseSummary, Stage,
};

/// Arguments of `registry export`.
#[derive(Args)]
pub struct ExportArgs {
    /// The cohort definition (JSON; `{}` is everyone with research consent).
    #[arg(long)]
    cohort: std::path::PathBuf,
    /// The zip to write.
    #[arg(long)]
    out: std::path::PathBuf,
    /// k of k-anonymity (at least 2).
    #[arg(long, default_value_t = release::DEFAULT_K)]
    k: u32,
    /// The pseudonym key as 64 hex digits, to reproduce a release (by default a fresh random key
    /// is drawn and forgotten). Never written anywhere.
    #[arg(long)]
    release_key: Option<String>,
    /// The data cut, YYYY-MM-DD (default today; not in the future).
    #[arg(long)]
    data_cut: Option<chrono::NaiveDate>,
}

/// Arguments of `registry analyse`.
#[derive(Args)]
pub struct AnalyseArgs {
    /// The cohort definition (JSON; `{}` is everyone with research consent).
    #[arg(long)]
    cohort: std::path::PathBuf,
    /// The directory to write the tables and plots into (created if needed).
    #[arg(long)]
    out: std::path::PathBuf,
    /// k of k-anonymity (at least 2): patients a release would suppress are not counted.
    #[arg(long, default_value_t = release::DEFAULT_K)]
    k: u32,
    /// The data cut, YYYY-MM-DD (default today; not in the future).
    #[arg(long)]
    data_cut: Option<chrono::NaiveDate>,
}

type AnyError = Box<dyn std::error::Error>;

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Reading => "reading",
        Stage::Building => "building",
        Stage::Analysing => "analysing",
        Stage::Writing => "writing",
    }
}

fn print(summary: &ReleaseSummary, out: &std::path::Path) {
    let m = &summary.manifest;
    let get = |path: &[&str]| {
        path.iter()
            .try_fold(m, |v, k| v.get(*k))
            .map_or_else(|| "-".to_owned(), ToString::to_string)
    };
    println!(
        "release {} written to {}",
        get(&["release_id"]).trim_matches('"'),
        out.display()
    );
    println!(
        "patients: {} released of {} in the cohort; {} suppressed (k asked {}, reached {}); {} excluded for research consent",
        get(&["patients", "released"]),
        get(&["patients", "in_cohort"]),
        summary.patients_suppressed,
        get(&["k_asked"]),
        get(&["k_reached"]),
        get(&["consent_exclusions"]),
    );
    for (table, n) in &summary.counts {
        println!("  {table:<20} {n:>9} rows");
    }
    if let Some(rows) = m.get("rows_suppressed").and_then(|r| r.as_object())
        && !rows.is_empty()
    {
        println!("rows left out:");
        for (reason, n) in rows {
            println!("  {reason:<40} {n:>9}");
        }
    }
    println!("sha256 {}", summary.sha256);
}

/// The cohort definition in the file `path`, checked.
fn read_cohort(path: &std::path::Path) -> Result<CohortDefinition, AnyError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    Ok(CohortDefinition::parse(&value).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("{}: {}", path.display(), lines.join("; "))
    })?)
}

/// The data cut asked for, or today; never in the future.
fn data_cut(asked: Option<chrono::NaiveDate>) -> Result<chrono::NaiveDate, AnyError> {
    let today = registry_core::time::current_date();
    let data_cut = asked.unwrap_or(today);
    if data_cut > today {
        return Err("--data-cut is in the future".into());
    }
    Ok(data_cut)
}

/// When each stage began, to print the time each took (so a slow release says where it spent
/// its time).
#[derive(Default)]
struct StageClock(std::cell::RefCell<Vec<(Stage, std::time::Instant)>>);

impl StageClock {
    fn note(&self, stage: Stage) {
        let mut seen = self.0.borrow_mut();
        if seen.last().is_none_or(|(s, _)| *s != stage) {
            seen.push((stage, std::time::Instant::now()));
        }
    }

    /// `reading 2.10 s · building 0.61 s · …`, each stage up to the next one (the last up to now).
    fn summary(&self) -> String {
        let seen = self.0.borrow();
        let end = std::time::Instant::now();
        let parts: Vec<String> = seen
            .iter()
            .enumerate()
            .map(|(i, (stage, from))| {
                let to = seen.get(i + 1).map_or(end, |(_, t)| *t);
                format!(
                    "{} {:.2} s",
                    stage_name(*stage),
                    to.duration_since(*from).as_secs_f64()
                )
            })
            .collect();
        parts.join(" · ")
    }
}

/// Runs `f` with a progress callback that shows each stage on a bar and notes when it began;
/// the result and the stages' clock.
fn staged<T>(f: impl FnOnce(&dyn Fn(Stage, u8)) -> T) -> (T, StageClock) {
    let bar = stage_bar();
    let clock = StageClock::default();
    let result = f(&|s, p| {
        clock.note(s);
        show(&bar, s, p);
    });
    bar.finish_and_clear();
    (result, clock)
}

/// A progress bar over the four stages.
fn stage_bar() -> ProgressBar {
    let bar = ProgressBar::new(400);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {msg:<10} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn show(bar: &ProgressBar, stage: Stage, percent: u8) {
    let base = match stage {
        Stage::Reading => 0,
        Stage::Building => 100,
        Stage::Analysing => 200,
        Stage::Writing => 300,
    };
    bar.set_message(stage_name(stage));
    bar.set_position(base + u64::from(percent.min(100)));
}

fn in_words(e: ReleaseError, out: &std::path::Path) -> AnyError {
    match e {
        ReleaseError::Invalid(errors) => {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            lines.join("; ").into()
        }
        ReleaseError::Io(e) => format!("cannot write {}: {e}", out.display()).into(),
        other => AnyError::from(other),
    }
}

/// A migrated connection to `database_url` and a second one the cohort read uses beside it
/// (`cohort::read`'s helper).
fn connections(database_url: &str) -> Result<(DbConn, DbConn), AnyError> {
    let mut conn = store::establish(database_url)?;
    conn.migrate()?;
    Ok((conn, store::establish(database_url)?))
}

/// Runs `registry analyse`.
pub fn run_analyse(args: AnalyseArgs, database_url: &str) -> Result<(), AnyError> {
    let request = ReleaseRequest {
        cohort: read_cohort(&args.cohort)?,
        k: args.k,
        key: None,
        data_cut: data_cut(args.data_cut)?,
    };
    let (mut conn, mut helper) = connections(database_url)?;
    let (result, clock) = staged(|progress| {
        release::write_analyses(&mut conn, Some(&mut helper), &request, &args.out, progress)
    });
    let counts = result.map_err(|e| in_words(e, &args.out))?;
    println!("analyses written to {}", args.out.display());
    println!("time: {}", clock.summary());
    for (table, n) in &counts {
        println!("  {table:<20} {n:>9} rows");
    }
    Ok(())
}

/// Runs `registry export`.
pub fn run(args: ExportArgs, database_url: &str) -> Result<(), AnyError> {
    let cohort = read_cohort(&args.cohort)?;
    let key = args
        .release_key
        .as_deref()
        .map(release::parse_release_key)
        .transpose()
        .map_err(|e| format!("--release-key: {}", e.message))?;
    let request = ReleaseRequest {
        cohort,
        k: args.k,
        key,
        data_cut: data_cut(args.data_cut)?,
    };
    let (mut conn, mut helper) = connections(database_url)?;
    let (result, clock) = staged(|progress| {
        release::write_release(&mut conn, Some(&mut helper), &request, &args.out, progress)
    });
    let summary = result.map_err(|e| in_words(e, &args.out))?;
    let timing = clock.summary();
    let ctx = WriteCtx::new(Actor {
        user_id: "cli".into(),
        role: Role::Admin,
        center_id: None,
    });
    release::audit_release(&mut conn, &ctx, &request, &summary)?;
    print(&summary, &args.out);
    println!("time: {timing}");
    Ok(())
}

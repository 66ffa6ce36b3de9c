//! `registry import KIND FILE --center CODE`: the same import as `POST /api/v1/imports/{kind}`,
//! run on the server by its operator, with a progress bar over the file's bytes.

use std::sync::Arc;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use registry_api::import::{self, ImportError, Kind, Mode, OnConflict, Options, Report};
use registry_core::role::Role;
use registry_core::store::{self, Actor, centers, users};

/// Arguments of `registry import`.
#[derive(Args)]
pub struct ImportArgs {
    /// patients, treatments, visits, labs or adverse_events.
    kind: String,
    /// The CSV file.
    file: std::path::PathBuf,
    /// The center code the rows belong to.
    #[arg(long)]
    center: String,
    /// all-or-nothing (default) or valid-rows.
    #[arg(long, default_value = "all-or-nothing")]
    mode: String,
    /// Edit stored records that differ (with --reason) instead of reporting them as conflicts.
    #[arg(long)]
    update: bool,
    /// Why records change (with --update).
    #[arg(long)]
    reason: Option<String>,
    /// Import on behalf of this user (an admin, or a center user of the center); by default the
    /// import is recorded as the registry's own (`system`).
    #[arg(long)]
    user: Option<String>,
    /// Print the whole report as JSON.
    #[arg(long)]
    json: bool,
}

type AnyError = Box<dyn std::error::Error>;

fn actor(
    conn: &mut store::DbConn,
    email: Option<&str>,
    center_id: &str,
) -> Result<Actor, AnyError> {
    let Some(email) = email else {
        return Ok(Actor::system());
    };
    let user = users::by_email(conn, email)?
        .filter(|u| u.active)
        .ok_or("no active user with this e-mail")?;
    let role = user.role()?;
    let allowed = role == Role::Admin
        || (role == Role::Center && user.center_id.as_deref() == Some(center_id));
    if !allowed {
        return Err("the user may not import into this center".into());
    }
    Ok(Actor {
        user_id: user.id,
        role,
        center_id: user.center_id,
    })
}

fn print(report: &Report, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(report).unwrap_or_default()
        );
        return;
    }
    for e in &report.errors {
        let column = if e.column.is_empty() {
            "(row)"
        } else {
            &e.column
        };
        println!("line {}: {column}: {}", e.line, e.message);
    }
    for c in &report.conflicts {
        println!(
            "line {}: conflict: {} differs from the stored record in {}",
            c.line,
            c.identity,
            c.columns.join(", ")
        );
    }
    println!(
        "{} rows: {} created, {} updated, {} skipped (already stored), {} failed; import {}; sha256 {}",
        report.rows_total,
        report.rows_created,
        report.rows_updated,
        report.rows_skipped,
        report.rows_failed,
        report
            .import_id
            .as_deref()
            .unwrap_or("none (nothing stored)"),
        report.file_sha256
    );
}

/// Runs `registry import`.
pub fn run(args: ImportArgs, database_url: &str) -> Result<(), AnyError> {
    let kind = Kind::parse(&args.kind)
        .ok_or("KIND is patients, treatments, visits, labs or adverse_events")?;
    let mode = Mode::parse(&args.mode).ok_or("--mode is all-or-nothing or valid-rows")?;
    let on_conflict = match (args.update, args.reason) {
        (false, _) => OnConflict::Report,
        (true, Some(reason)) if !reason.trim().is_empty() => OnConflict::Update { reason },
        (true, _) => return Err("--update needs --reason".into()),
    };
    let file = std::fs::File::open(&args.file)
        .map_err(|e| format!("cannot open {}: {e}", args.file.display()))?;
    let size = file
        .metadata()
        .map_err(|e| format!("cannot read {}: {e}", args.file.display()))?
        .len();
    let mut conn = store::establish(database_url)?;
    conn.migrate()?;
    let center = centers::by_code(&mut conn, &args.center)
        .map_err(|_| format!("no center with the code {}", args.center))?;
    let actor = actor(&mut conn, args.user.as_deref(), &center.id)?;
    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress = {
        let bar = bar.clone();
        Arc::new(move |n: u64| bar.set_position(n))
    };
    let options = Options {
        mode,
        on_conflict,
        progress: Some(progress),
    };
    let result = import::run(&mut conn, actor, None, center, kind, options, file);
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            print(&report, args.json);
            Ok(())
        }
        Err(ImportError::Rejected(report) | ImportError::NoChange(report)) => {
            print(&report, args.json);
            Err("the file was refused; nothing was stored".into())
        }
        Err(e) => Err(e.into()),
    }
}

//! `registry report KIND [--center CODE] [--format csv|json]`: a coordinator report
//! (`completeness`, `overdue`, `safety`, `data-quality`) computed on the server by its operator,
//! as `GET /api/v1/reports/{kind}` computes it for a coordinator (every center, patients by
//! record id), printed to standard output.

use std::io::Write;

use clap::Args;
use registry_api::error::ApiError;
use registry_api::routes::reports::{ReportQuery, compute};
use registry_core::store::{self, Scope};
use registry_export::reports::{Identify, ReportKind};

/// Arguments of `registry report`.
#[derive(Args)]
pub struct ReportArgs {
    /// completeness, overdue, safety or data-quality.
    kind: String,
    /// Only this center (code).
    #[arg(long)]
    center: Option<String>,
    /// Only patients with this diagnosis (AA, AD).
    #[arg(long)]
    diagnosis: Option<String>,
    /// Only episodes of this drug.
    #[arg(long)]
    drug: Option<String>,
    /// The data cut, YYYY-MM-DD (default today).
    #[arg(long)]
    as_of: Option<String>,
    /// json (the whole report) or csv (one table).
    #[arg(long, default_value = "json")]
    format: String,
    /// With --format csv: the table (completeness: rows, trend; safety: signals,
    /// aesi_incidence; default the first).
    #[arg(long)]
    table: Option<String>,
}

type AnyError = Box<dyn std::error::Error>;

/// Runs `registry report` on the database at `url`.
pub fn run(args: ReportArgs, url: &str) -> Result<(), AnyError> {
    let kind = ReportKind::parse(&args.kind)
        .ok_or("KIND is completeness, overdue, safety or data-quality")?;
    if !["json", "csv"].contains(&args.format.as_str()) {
        return Err("--format is json or csv".into());
    }
    let mut conn = store::establish(url)?;
    let mut helper = store::establish(url)?;
    let query = ReportQuery {
        center: args.center,
        diagnosis: args.diagnosis,
        drug: args.drug,
        as_of: args.as_of,
        table: args.table.clone(),
    };
    let report = compute(
        &mut conn,
        Some(&mut helper),
        &Scope::All,
        Identify::RecordId,
        kind,
        &query,
    )
    .map_err(|e| match e {
        ApiError::Invalid(errors) => errors
            .iter()
            .map(|f| format!("--{}: {}", f.field.replace('_', "-"), f.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    })?;
    let text = if args.format == "csv" {
        report.csv(args.table.as_deref()).ok_or("no such table")?
    } else {
        let mut json = serde_json::to_string_pretty(&report)?;
        json.push('\n');
        json
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

//! One import, start to end, in one write transaction: the header, every row, the `imports` row
//! and the import's audit event commit together, or (a rejected file, or one that changes
//! nothing) roll back together.
//!
//! In `all-or-nothing` mode the file is read twice: first every row is checked and looked up
//! without writing anything (no transaction, no write lock), and only a file without a bad row
//! is then written. A refused file so writes no row at all: on PostgreSQL a rolled-back row is
//! still a dead row until VACUUM, and a client retrying a bad file must not fill the tables with
//! them (docs/operations.md).

use std::io::{BufReader, Read, Seek, SeekFrom};

use registry_core::store::centers::CenterRow;
use registry_core::store::{self, Actor, DbConn, StoreError, WriteCtx, imports};

use super::csv::CsvReader;
use super::header::Header;
use super::source::Hashing;
use super::{Kind, Mode, Options, Report, kinds};
use crate::error::ApiError;

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// 400: the file is not a CSV file of this kind (empty, or its header lacks columns).
    #[error("not an import file: {}", .0.join("; "))]
    BadFile(Vec<String>),
    /// 422 (bad rows) or 409 (only conflicts): the file was refused as a whole.
    #[error("the file was refused: {} bad row(s)", .0.rows_failed)]
    Rejected(Box<Report>),
    /// Nothing to store: every row was stored already (rolled back, answered as a success).
    #[error("nothing to store")]
    NoChange(Box<Report>),
    /// Anything else (storage, reading the body).
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl ImportError {
    /// An internal error.
    pub fn internal(why: impl Into<String>) -> Self {
        Self::Api(ApiError::Internal(why.into()))
    }
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Api(e.into())
    }
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        Self::Api(e.into())
    }
}

impl From<std::io::Error> for ImportError {
    fn from(e: std::io::Error) -> Self {
        Self::Api(ApiError::BadRequest {
            detail: format!("the file could not be read: {e}"),
            errors: vec![],
        })
    }
}

/// What an import knows while it runs.
pub struct Job {
    /// Who imports, when, and the new import's id.
    pub ctx: WriteCtx,
    /// The center imported into.
    pub center: CenterRow,
    /// Mode and conflict handling.
    pub options: Options,
    /// Dates after this are in the future.
    pub today: chrono::NaiveDate,
    /// The checking pass: rows are read, checked and looked up, nothing is written.
    pub check_only: bool,
}

/// Imports the CSV file `input` of `kind` into `center` on behalf of `actor`.
pub fn run<I: Read + Seek + Send>(
    conn: &mut DbConn,
    actor: Actor,
    request_id: Option<String>,
    center: CenterRow,
    kind: Kind,
    options: Options,
    mut input: I,
) -> Result<Report, ImportError> {
    let mut ctx = WriteCtx::new(actor);
    ctx.request_id = request_id;
    ctx.import_id = Some(store::new_id());
    let today = crate::extract::today();
    if options.mode == Mode::AllOrNothing {
        let (header, csv, mut report) = start(&mut input, &center, kind, &options, None)?;
        let job = Job {
            ctx: ctx.clone(),
            center: center.clone(),
            options: options.clone(),
            today,
            check_only: true,
        };
        let csv = kinds::import(kind, conn, &job, &header, csv, &mut report)?;
        if report.has_failures() {
            report.file_sha256 = csv.into_inner().into_inner().sha256();
            report.rows_created = 0;
            report.rows_updated = 0;
            return Err(ImportError::Rejected(Box::new(report)));
        }
        drop(csv);
        input.seek(SeekFrom::Start(0))?;
    }
    let (header, csv, mut report) = start(
        &mut input,
        &center,
        kind,
        &options,
        options.progress.clone(),
    )?;
    // Updated rows are audited one by one: their events are appended together at the end, so
    // two imports of one center cannot take their chain heads in opposite orders.
    let result = store::write_deferred(conn, &ctx, |tx, ctx| {
        let job = Job {
            ctx: ctx.clone(),
            center,
            options,
            today,
            check_only: false,
        };
        let started = imports::begin(
            tx,
            &job.ctx,
            &job.center.id,
            kind.code(),
            job.options.mode.code(),
        )?;
        let csv = kinds::import(kind, tx, &job, &header, csv, &mut report)?;
        report.file_sha256 = csv.into_inner().into_inner().sha256();
        if report.has_failures() && job.options.mode == Mode::AllOrNothing {
            // Nothing is stored: the rows counted as new or changed are not.
            report.rows_created = 0;
            report.rows_updated = 0;
            return Err(ImportError::Rejected(Box::new(report.clone())));
        }
        if report.rows_created + report.rows_updated == 0 {
            return Err(ImportError::NoChange(Box::new(report.clone())));
        }
        let row = imports::finish(tx, &job.ctx, started, &report.file_sha256, report.counts())?;
        report.import_id = Some(row.id);
        Ok(report.clone())
    });
    match result {
        Err(ImportError::NoChange(report)) => Ok(*report),
        other => other,
    }
}

/// A reader of `input` from its start, the checked header, and an empty report.
#[allow(clippy::type_complexity)]
fn start<I: Read + Send>(
    input: I,
    center: &CenterRow,
    kind: Kind,
    options: &Options,
    progress: Option<std::sync::Arc<dyn Fn(u64) + Send + Sync>>,
) -> Result<(Header, CsvReader<BufReader<Hashing<I>>>, Report), ImportError> {
    let mut csv = CsvReader::open(BufReader::with_capacity(
        256 * 1024,
        Hashing::new(input, progress),
    ))?
    .map_err(|why| ImportError::BadFile(vec![why]))?;
    let header = match csv.next_record()? {
        None => return Err(ImportError::BadFile(vec!["the file is empty".into()])),
        Some(r) => r
            .fields
            .map_err(|why| ImportError::BadFile(vec![format!("the header line: {why}")]))?,
    };
    let columns = kinds::columns(kind);
    let header = Header::parse(&header, &columns).map_err(ImportError::BadFile)?;
    let report = Report {
        kind: kind.code().into(),
        mode: options.mode.code().into(),
        center: center.code.clone(),
        ..Default::default()
    };
    Ok((header, csv, report))
}

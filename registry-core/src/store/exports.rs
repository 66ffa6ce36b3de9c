//! Release jobs: a researcher's request for an anonymised release, run later by the server's
//! export worker. A job moves `queued → running → done | failed`; a done release is later
//! `deleted` (its requester or an admin) or `expired` (retention). Only these functions change a
//! job's status, each from the statuses it may leave, so two workers (or a worker and a
//! deletion) can never both move one job.
//!
//! **Audit.** The request (`create`), the finished release (`export`: who, cohort, data cut,
//! counts, SHA-256 of the zip), a deletion and an expiry are audit events of the global chain,
//! each in the transaction that changes the job. The exact data cut stays in the audit trail and
//! here; the zip shows it as a year only.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use super::audit::{self, Entry};
use super::schema::export_jobs;
use super::{DbConn, StoreError, WriteCtx};

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportStatus {
    /// Waiting for the worker.
    Queued,
    /// The worker is writing the release.
    Running,
    /// The release is ready for download.
    Done,
    /// The release could not be made (`error` says why).
    Failed,
    /// Deleted by its requester or an admin; the file is gone.
    Deleted,
    /// Past its retention; the file is gone.
    Expired,
}

impl ExportStatus {
    /// Every status.
    pub const ALL: [Self; 6] = [
        Self::Queued,
        Self::Running,
        Self::Done,
        Self::Failed,
        Self::Deleted,
        Self::Expired,
    ];

    /// The code stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Deleted => "deleted",
            Self::Expired => "expired",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The error of every job that was running when its server stopped.
pub const INTERRUPTED: &str = "interrupted by a restart of the server; request the release again";

/// A stored job.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = export_jobs)]
pub struct ExportJobRow {
    /// Id.
    pub id: String,
    /// The user who asked for it.
    pub requested_by: String,
    /// The cohort definition as sent (JSON).
    pub cohort: String,
    /// The k asked for.
    pub k: i32,
    /// `queued`, `running`, `done`, `failed`, `deleted` or `expired`.
    pub status: String,
    /// Percent done (0–100).
    pub percent: i32,
    /// The stage being worked on (`reading`, `building`, `analysing`, `writing`).
    pub stage: Option<String>,
    /// The data cut, set when the job starts.
    pub data_cut: Option<NaiveDate>,
    /// The release's manifest (JSON), once done.
    pub manifest: Option<String>,
    /// SHA-256 of the zip (hex), once done.
    pub sha256: Option<String>,
    /// The zip's file name inside the release directory, while it exists.
    pub file_name: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// When it was asked for (UTC).
    pub created_at: NaiveDateTime,
    /// When the worker started it.
    pub started_at: Option<NaiveDateTime>,
    /// When it ended (done, failed, deleted or expired).
    pub finished_at: Option<NaiveDateTime>,
    /// When a done release expires.
    pub expires_at: Option<NaiveDateTime>,
}

impl ExportJobRow {
    /// The status; an unknown stored code is [`StoreError::Corrupt`].
    pub fn status(&self) -> Result<ExportStatus, StoreError> {
        ExportStatus::parse(&self.status)
            .ok_or_else(|| StoreError::Corrupt(format!("export_jobs.status {}", self.status)))
    }

    /// The cohort definition.
    pub fn cohort_json(&self) -> Result<Value, StoreError> {
        super::from_json("export_jobs.cohort", &self.cohort)
    }

    /// The manifest, once done.
    pub fn manifest_json(&self) -> Result<Option<Value>, StoreError> {
        self.manifest
            .as_deref()
            .map(|m| super::from_json("export_jobs.manifest", m))
            .transpose()
    }
}

/// Whose jobs a caller sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requester {
    /// Every job (admin).
    Anyone,
    /// Only the jobs this user asked for (researcher).
    User(String),
}

/// What a finished release leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    /// The release's manifest.
    pub manifest: Value,
    /// SHA-256 of the zip (hex).
    pub sha256: String,
    /// The zip's file name inside the release directory.
    pub file_name: String,
    /// Rows per table, for the audit trail.
    pub counts: std::collections::BTreeMap<String, usize>,
    /// Patients suppressed for k-anonymity, for the audit trail.
    pub patients_suppressed: usize,
    /// When the release expires.
    pub expires_at: NaiveDateTime,
}

/// The audit entry of `job` (global chain: a release belongs to no center).
fn event(job: &ExportJobRow, action: &'static str, after: Value) -> Entry {
    Entry {
        entity: "export",
        entity_id: Some(job.id.clone()),
        action,
        after: Some(after.to_string()),
        ..Default::default()
    }
}

/// Queues a job for `cohort` (already validated) and `k`, asked for by `ctx`'s actor, with its
/// audit event. Run inside a write transaction.
pub fn create(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    cohort: &Value,
    k: u32,
) -> Result<ExportJobRow, StoreError> {
    let row = ExportJobRow {
        id: super::new_id(),
        requested_by: ctx.actor.user_id.clone(),
        cohort: super::to_json(cohort)?,
        k: i32::try_from(k).map_err(|_| StoreError::Corrupt(format!("k {k} is too large")))?,
        status: ExportStatus::Queued.code().into(),
        percent: 0,
        stage: None,
        data_cut: None,
        manifest: None,
        sha256: None,
        file_name: None,
        error: None,
        created_at: ctx.now,
        started_at: None,
        finished_at: None,
        expires_at: None,
    };
    diesel::insert_into(export_jobs::table)
        .values(&row)
        .execute(conn)?;
    let after = json!({"cohort": cohort, "k": k, "status": row.status});
    audit::append(conn, ctx, event(&row, "create", after))?;
    Ok(row)
}

/// Takes the oldest queued job and marks it running with `data_cut`; `None` when nothing waits.
/// A job another worker took first is skipped.
pub fn claim_next(
    conn: &mut DbConn,
    now: NaiveDateTime,
    data_cut: NaiveDate,
) -> Result<Option<ExportJobRow>, StoreError> {
    loop {
        let next: Option<String> = export_jobs::table
            .filter(export_jobs::status.eq(ExportStatus::Queued.code()))
            .order((export_jobs::created_at.asc(), export_jobs::id.asc()))
            .select(export_jobs::id)
            .first(conn)
            .optional()?;
        let Some(id) = next else { return Ok(None) };
        let taken = diesel::update(
            export_jobs::table
                .find(&id)
                .filter(export_jobs::status.eq(ExportStatus::Queued.code())),
        )
        .set((
            export_jobs::status.eq(ExportStatus::Running.code()),
            export_jobs::started_at.eq(now),
            export_jobs::data_cut.eq(data_cut),
            export_jobs::percent.eq(0),
        ))
        .execute(conn)?;
        if taken == 1 {
            return get(conn, &Requester::Anyone, &id).map(Some);
        }
    }
}

/// Records a running job's stage and percent; a job that is no longer running is left alone.
pub fn progress(conn: &mut DbConn, id: &str, stage: &str, percent: u8) -> Result<(), StoreError> {
    diesel::update(
        export_jobs::table
            .find(id)
            .filter(export_jobs::status.eq(ExportStatus::Running.code())),
    )
    .set((
        export_jobs::stage.eq(stage),
        export_jobs::percent.eq(i32::from(percent.min(100))),
    ))
    .execute(conn)?;
    Ok(())
}

/// Marks a running job done with its release, and appends the release's audit event (on behalf
/// of `ctx`'s actor, the requester). Run inside a write transaction. `Ok(None)` when the job is
/// no longer running (deleted meanwhile): the caller removes the file it wrote.
pub fn finish(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    id: &str,
    release: &Finished,
) -> Result<Option<ExportJobRow>, StoreError> {
    let done = diesel::update(
        export_jobs::table
            .find(id)
            .filter(export_jobs::status.eq(ExportStatus::Running.code())),
    )
    .set((
        export_jobs::status.eq(ExportStatus::Done.code()),
        export_jobs::percent.eq(100),
        export_jobs::manifest.eq(super::to_json(&release.manifest)?),
        export_jobs::sha256.eq(&release.sha256),
        export_jobs::file_name.eq(&release.file_name),
        export_jobs::finished_at.eq(ctx.now),
        export_jobs::expires_at.eq(release.expires_at),
    ))
    .execute(conn)?;
    if done == 0 {
        return Ok(None);
    }
    let row = get(conn, &Requester::Anyone, id)?;
    let record = ReleaseRecord {
        release_id: release
            .manifest
            .get("release_id")
            .and_then(Value::as_str)
            .map(str::to_owned),
        cohort: row.cohort_json()?,
        data_cut: row.data_cut.ok_or_else(|| {
            StoreError::Corrupt(format!("export job {id} ran without a data cut"))
        })?,
        k: u32::try_from(row.k)
            .map_err(|_| StoreError::Corrupt(format!("export job {id} has k {}", row.k)))?,
        key: ReleaseKey::Fresh,
        counts: release.counts.clone(),
        patients_suppressed: release.patients_suppressed,
        k_reached: release.manifest.get("k_reached").cloned(),
        consent_exclusions: release.manifest.get("consent_exclusions").cloned(),
        sha256: release.sha256.clone(),
        expires_at: Some(release.expires_at),
    };
    audit_release(conn, ctx, Some(&row.id), &record)?;
    Ok(Some(row))
}

/// Whether a release's pseudonym key was given (reproducible release) or drawn fresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseKey {
    /// Given by the caller (`--release-key`): the release can be made again byte for byte.
    Given,
    /// Drawn at random for this release and forgotten.
    Fresh,
}

/// What the audit trail keeps of a made release, however it was asked for: the exact cohort
/// definition and data cut (which the zip leaves out), k asked and reached, the counts and the
/// SHA-256 of the zip. Never the key itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseRecord {
    /// The manifest's release id.
    pub release_id: Option<String>,
    /// The cohort definition as asked for.
    pub cohort: Value,
    /// The exact data cut.
    pub data_cut: NaiveDate,
    /// k asked for.
    pub k: u32,
    /// Whether the key was given or fresh.
    pub key: ReleaseKey,
    /// Rows per table.
    pub counts: std::collections::BTreeMap<String, usize>,
    /// Patients suppressed whole for k-anonymity.
    pub patients_suppressed: usize,
    /// k reached (from the manifest).
    pub k_reached: Option<Value>,
    /// Patients left out for consent (from the manifest).
    pub consent_exclusions: Option<Value>,
    /// SHA-256 of the zip (hex).
    pub sha256: String,
    /// When a kept release expires (releases made by the server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<NaiveDateTime>,
}

/// Appends the audit event of a made release (the only writer of release events): on the job
/// `job` (entity `export`, action `export`) when the server made it, on the release id (entity
/// `release`, action `export`) when it was made on the command line. Run inside a write
/// transaction.
pub fn audit_release(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    job: Option<&str>,
    record: &ReleaseRecord,
) -> Result<(), StoreError> {
    let (entity, entity_id) = match job {
        Some(job) => ("export", Some(job.to_owned())),
        None => ("release", record.release_id.clone()),
    };
    audit::append(
        conn,
        ctx,
        Entry {
            entity,
            entity_id,
            action: "export",
            after: Some(super::to_json(record)?),
            ..Default::default()
        },
    )
}

/// Marks a running job failed with `error`.
pub fn fail(
    conn: &mut DbConn,
    id: &str,
    error: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(
        export_jobs::table
            .find(id)
            .filter(export_jobs::status.eq(ExportStatus::Running.code())),
    )
    .set((
        export_jobs::status.eq(ExportStatus::Failed.code()),
        export_jobs::error.eq(error),
        export_jobs::finished_at.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

/// At start-up: every job still marked running was cut off by the stop of its server. They are
/// failed with [`INTERRUPTED`], so none stays running forever; returns how many.
pub fn fail_interrupted(conn: &mut DbConn, now: NaiveDateTime) -> Result<usize, StoreError> {
    Ok(diesel::update(
        export_jobs::table.filter(export_jobs::status.eq(ExportStatus::Running.code())),
    )
    .set((
        export_jobs::status.eq(ExportStatus::Failed.code()),
        export_jobs::error.eq(INTERRUPTED),
        export_jobs::finished_at.eq(now),
    ))
    .execute(conn)?)
}

/// The job `id` if `who` may see it; another user's job is [`StoreError::NotFound`].
pub fn get(conn: &mut DbConn, who: &Requester, id: &str) -> Result<ExportJobRow, StoreError> {
    let mut query = export_jobs::table
        .find(id)
        .select(ExportJobRow::as_select())
        .into_boxed();
    if let Requester::User(user) = who {
        query = query.filter(export_jobs::requested_by.eq(user.clone()));
    }
    Ok(query.first(conn)?)
}

/// The jobs `who` may see, newest first, at most `limit`.
pub fn list(
    conn: &mut DbConn,
    who: &Requester,
    limit: i64,
) -> Result<Vec<ExportJobRow>, StoreError> {
    let mut query = export_jobs::table
        .select(ExportJobRow::as_select())
        .order((export_jobs::created_at.desc(), export_jobs::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Requester::User(user) = who {
        query = query.filter(export_jobs::requested_by.eq(user.clone()));
    }
    Ok(query.load(conn)?)
}

/// Deletes the job `id` (if `who` may see it): its status becomes `deleted` and its file name is
/// cleared; returns the row as it was, whose `file_name` the caller removes. A queued or running
/// job is deleted too (the worker then drops what it writes). Deleting twice is harmless. Run
/// inside a write transaction.
pub fn delete(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    who: &Requester,
    id: &str,
) -> Result<ExportJobRow, StoreError> {
    let before = get(conn, who, id)?;
    if matches!(
        before.status()?,
        ExportStatus::Deleted | ExportStatus::Expired
    ) {
        return Ok(before);
    }
    diesel::update(export_jobs::table.find(id))
        .set((
            export_jobs::status.eq(ExportStatus::Deleted.code()),
            export_jobs::file_name.eq(None::<String>),
            export_jobs::finished_at.eq(ctx.now),
        ))
        .execute(conn)?;
    let after = json!({"status": ExportStatus::Deleted.code(), "was": before.status});
    audit::append(conn, ctx, event(&before, "delete", after))?;
    Ok(before)
}

/// Expires every done release whose `expires_at` is before `now`: status `expired`, file name
/// cleared, one audit event each. Returns the rows as they were, whose files the caller removes.
/// Run inside a write transaction.
pub fn expire(
    conn: &mut DbConn,
    ctx: &WriteCtx,
    now: NaiveDateTime,
) -> Result<Vec<ExportJobRow>, StoreError> {
    let due: Vec<ExportJobRow> = export_jobs::table
        .filter(export_jobs::status.eq(ExportStatus::Done.code()))
        .filter(export_jobs::expires_at.lt(now))
        .select(ExportJobRow::as_select())
        .load(conn)?;
    for job in &due {
        diesel::update(
            export_jobs::table
                .find(&job.id)
                .filter(export_jobs::status.eq(ExportStatus::Done.code())),
        )
        .set((
            export_jobs::status.eq(ExportStatus::Expired.code()),
            export_jobs::file_name.eq(None::<String>),
        ))
        .execute(conn)?;
        let after = json!({"status": ExportStatus::Expired.code(), "expires_at": job.expires_at});
        audit::append(conn, ctx, event(job, "expire", after))?;
    }
    Ok(due)
}

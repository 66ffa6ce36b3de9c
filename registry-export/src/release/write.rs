//! Writing a release: every table as Parquet (uncompressed pages, so the bytes can be checked
//! for identifiers; the zip compresses) and CSV with the same rows, the codebook, the plots and
//! the manifest, into one zip with fixed timestamps and permissions, so the same snapshot and key
//! give byte-identical tables, codebook and plots.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use chrono::{Datelike, Utc};
use polars::prelude::{
    CsvWriter, DataFrame, NamedFrom, ParquetCompression, ParquetWriter, SerWriter, Series,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::cohort::PublicCohort;
use super::columns::{self, CODEBOOK, TABLES};
use super::suppress::Released;
use super::{ReleaseError, ReleaseRequest, ReleaseSummary, analyse};
use crate::analyses::Analyses;

/// The version of the release format (the layout of tables, codebook and manifest).
pub const FORMAT_VERSION: &str = "1";

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn csv(df: &mut DataFrame) -> Result<Vec<u8>, ReleaseError> {
    let mut buf = Vec::new();
    CsvWriter::new(&mut buf)
        .include_header(true)
        .with_line_terminator("\n".into())
        .finish(df)?;
    Ok(buf)
}

fn parquet(df: &mut DataFrame) -> Result<Vec<u8>, ReleaseError> {
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf)
        .with_compression(ParquetCompression::Uncompressed)
        .set_parallel(false)
        .finish(df)?;
    Ok(buf)
}

/// The codebook: every column of every table (and of the codebook itself).
pub(super) fn codebook() -> Result<Vec<u8>, ReleaseError> {
    codebook_of(&|_| true)
}

/// The codebook of the tables `wanted` admits (and of the codebook itself).
fn codebook_of(wanted: &dyn Fn(&str) -> bool) -> Result<Vec<u8>, ReleaseError> {
    let rows: Vec<(&str, &columns::ColumnSpec)> = TABLES
        .iter()
        .filter(|t| wanted(t.name))
        .chain([&CODEBOOK])
        .flat_map(|t| t.columns.iter().map(move |c| (t.name, c)))
        .collect();
    // An empty text is written as a missing value (an empty cell), as in every table.
    let col = |f: &dyn Fn(&(&str, &columns::ColumnSpec)) -> String| -> Vec<Option<String>> {
        rows.iter()
            .map(|r| Some(f(r)).filter(|s| !s.is_empty()))
            .collect()
    };
    let values = [
        col(&|(t, _)| (*t).to_owned()),
        col(&|(_, c)| c.name.to_owned()),
        col(&|(_, c)| c.kind.name().to_owned()),
        col(&|(_, c)| c.unit.to_owned()),
        col(&|(_, c)| c.meaning.to_owned()),
        col(&|(_, c)| columns::class_name(c.class).to_owned()),
    ];
    let columns = CODEBOOK
        .columns
        .iter()
        .zip(values)
        .map(|(c, v)| Series::new(c.name.into(), v).into())
        .collect();
    let mut df = DataFrame::new(rows.len(), columns)?;
    csv(&mut df)
}

/// Writes the aggregate tables of `tables` (those without a `pseudonym` column) as CSV and
/// Parquet into `dir`, with the codebook of those tables and the plots; returns their rows.
pub(super) fn write_aggregates(
    dir: &Path,
    tables: Vec<(&'static str, DataFrame)>,
    analyses: &Analyses,
) -> Result<BTreeMap<String, usize>, ReleaseError> {
    std::fs::create_dir_all(dir.join("plots"))?;
    let mut counts = BTreeMap::new();
    for (name, mut df) in tables {
        if df
            .get_column_names()
            .iter()
            .any(|c| c.as_str() == "pseudonym")
        {
            continue;
        }
        counts.insert(name.to_owned(), df.height());
        std::fs::write(dir.join(format!("{name}.parquet")), parquet(&mut df)?)?;
        std::fs::write(dir.join(format!("{name}.csv")), csv(&mut df)?)?;
    }
    std::fs::write(
        dir.join("codebook.csv"),
        codebook_of(&|t| counts.contains_key(t))?,
    )?;
    for (name, svg) in analyse::plots(analyses) {
        std::fs::write(dir.join(name), svg)?;
    }
    Ok(counts)
}

/// Writes the zip of `released` to `out` and returns its summary.
pub(super) fn write(
    out: &Path,
    request: &ReleaseRequest,
    released: &Released,
    tables: Vec<(&'static str, DataFrame)>,
    analyses: &Analyses,
    progress: &dyn Fn(u8),
) -> Result<ReleaseSummary, ReleaseError> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut counts = BTreeMap::new();
    let total = tables.len().max(1);
    for (i, (name, mut df)) in tables.into_iter().enumerate() {
        counts.insert(name.to_owned(), df.height());
        files.push((format!("{name}.parquet"), parquet(&mut df)?));
        files.push((format!("{name}.csv"), csv(&mut df)?));
        progress(u8::try_from(i * 60 / total).unwrap_or(60));
    }
    files.push(("codebook.csv".to_owned(), codebook()?));
    for (name, svg) in analyse::plots(analyses) {
        files.push((name, svg.into_bytes()));
    }
    progress(70);

    let checksums: BTreeMap<&str, String> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), sha256(bytes)))
        .collect();
    let manifest = manifest(request, released, &counts, &checksums);
    let manifest_bytes = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| ReleaseError::Io(std::io::Error::other(e)))?;
    let manifest =
        serde_json::to_value(&manifest).map_err(|e| ReleaseError::Io(std::io::Error::other(e)))?;

    let file = std::fs::File::create(out)?;
    let mut zip = ZipWriter::new(std::io::BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    zip.start_file("manifest.json", options)?;
    zip.write_all(&manifest_bytes)?;
    for (name, bytes) in &files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    let mut writer = zip.finish()?;
    writer.flush()?;
    drop(writer);
    progress(90);

    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(out)?;
    let mut buf = vec![0_u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(ReleaseSummary {
        manifest,
        sha256: hex::encode(hasher.finalize()),
        counts,
        patients_suppressed: released.patients_suppressed,
    })
}

/// A release's `manifest.json`: what the release holds and how it was made. No calendar date:
/// the data cut and the release time appear as years (the exact values are in the audit trail).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Manifest {
    /// A random id of this release (it names the release in the audit trail).
    pub release_id: String,
    /// The version of the release format (tables, codebook, manifest).
    pub format_version: String,
    /// The year the release was made.
    pub release_year: i32,
    /// The year of the data cut.
    pub data_cut_year: i32,
    /// The cohort asked for.
    pub cohort: PublicCohort,
    /// The k of k-anonymity asked for.
    pub k_asked: usize,
    /// The k the released quasi-identifiers reach (`null` when no patient is released).
    pub k_reached: Option<usize>,
    /// How many patients were in the cohort, released and suppressed.
    pub patients: ManifestPatients,
    /// Patients matching the cohort but without research consent on the data cut.
    pub consent_exclusions: usize,
    /// Rows left out, by table and reason.
    pub rows_suppressed: BTreeMap<String, usize>,
    /// Rows per table.
    pub counts: BTreeMap<String, usize>,
    /// How small cells are treated.
    pub small_cells: String,
    /// The version of the scoring rules.
    pub rules_version: String,
    /// The software that made the release.
    pub software_version: String,
    /// SHA-256 of every other file of the release, by name.
    pub sha256: BTreeMap<String, String>,
}

/// The patients of a release.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ManifestPatients {
    /// Patients the cohort definition selects (with consent).
    pub in_cohort: usize,
    /// Patients in the release.
    pub released: usize,
    /// Patients left out so that every released patient shares its quasi-identifiers with at
    /// least k − 1 others.
    pub suppressed_below_k: usize,
}

fn manifest(
    request: &ReleaseRequest,
    released: &Released,
    counts: &BTreeMap<String, usize>,
    checksums: &BTreeMap<&str, String>,
) -> Manifest {
    Manifest {
        release_id: uuid::Uuid::new_v4().to_string(),
        format_version: FORMAT_VERSION.to_owned(),
        release_year: Utc::now().year(),
        data_cut_year: request.data_cut.year(),
        cohort: request.cohort.public(),
        k_asked: released.k_asked,
        k_reached: released.k_reached,
        patients: ManifestPatients {
            in_cohort: released.patients_in_cohort,
            released: released.patients.len(),
            suppressed_below_k: released.patients_suppressed,
        },
        consent_exclusions: released.excluded_without_consent,
        rows_suppressed: released.rows_suppressed.clone(),
        counts: counts.clone(),
        small_cells:
            "aggregate counts of 1-4 are empty; curves end where fewer than 5 remain at risk"
                .to_owned(),
        rules_version: registry_core::RULES_VERSION.to_owned(),
        software_version: concat!("registry-export/", env!("CARGO_PKG_VERSION")).to_owned(),
        sha256: checksums
            .iter()
            .map(|(name, sum)| ((*name).to_owned(), sum.clone()))
            .collect(),
    }
}

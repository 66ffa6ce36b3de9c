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
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

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
    let rows: Vec<(&str, &columns::ColumnSpec)> = TABLES
        .iter()
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

/// The manifest: what the release holds and how it was made. No calendar date: the data cut
/// and the release time appear as years (the exact values are in the audit trail).
fn manifest(
    request: &ReleaseRequest,
    released: &Released,
    counts: &BTreeMap<String, usize>,
    checksums: &BTreeMap<&str, String>,
) -> Value {
    json!({
        "release_id": uuid::Uuid::new_v4().to_string(),
        "format_version": FORMAT_VERSION,
        "release_year": Utc::now().year(),
        "data_cut_year": request.data_cut.year(),
        "cohort": request.cohort.to_public_json(),
        "k_asked": released.k_asked,
        "k_reached": released.k_reached,
        "patients": {
            "in_cohort": released.patients_in_cohort,
            "released": released.patients.len(),
            "suppressed_below_k": released.patients_suppressed,
        },
        "consent_exclusions": released.excluded_without_consent,
        "rows_suppressed": released.rows_suppressed,
        "counts": counts,
        "small_cells": "aggregate counts of 1-4 are empty; curves end where fewer than 5 remain at risk",
        "rules_version": registry_core::RULES_VERSION,
        "software_version": concat!("registry-export/", env!("CARGO_PKG_VERSION")),
        "sha256": checksums,
    })
}

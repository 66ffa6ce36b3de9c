//! The visit file's columns, a row's cells as the API's [`VisitInput`], and the way back from an
//! error's JSON path (`easi.regions.trunk.erythema`) to its column (`easi_trunk_erythema`).

use registry_core::instruments::easi::{EasiInput, EasiRegionInput, EasiRegionsInput};
use registry_core::instruments::pro::ItemsInput;
use registry_core::instruments::salt::SaltInput;
use registry_core::visit::{MissingFields, MissingReason, VisitInput};

use crate::import::cells::Row;

/// The columns every visits file has.
pub const REQUIRED: &[&str] = &["center", "patient", "visit_date"];
/// Further columns read when present.
pub const EXTRA: &[&str] = &[
    "idqol",
    "easi_head_neck_area_score",
    "easi_upper_limbs_area_score",
    "easi_trunk_area_score",
    "easi_lower_limbs_area_score",
    "missing",
];

/// The columns of the template, in order; any but the required ones may be left out.
pub const COLUMNS: &[&str] = &[
    "center",
    "patient",
    "visit_date",
    "weight_kg",
    "salt_top",
    "salt_back",
    "salt_right",
    "salt_left",
    "salt_total",
    "easi_total",
    "easi_head_neck_erythema",
    "easi_head_neck_induration",
    "easi_head_neck_excoriation",
    "easi_head_neck_lichenification",
    "easi_head_neck_area_pct",
    "easi_upper_limbs_erythema",
    "easi_upper_limbs_induration",
    "easi_upper_limbs_excoriation",
    "easi_upper_limbs_lichenification",
    "easi_upper_limbs_area_pct",
    "easi_trunk_erythema",
    "easi_trunk_induration",
    "easi_trunk_excoriation",
    "easi_trunk_lichenification",
    "easi_trunk_area_pct",
    "easi_lower_limbs_erythema",
    "easi_lower_limbs_induration",
    "easi_lower_limbs_excoriation",
    "easi_lower_limbs_lichenification",
    "easi_lower_limbs_area_pct",
    "pp_nrs",
    "viga",
    "poem",
    "dlqi",
    "cdlqi",
    "eyebrows",
    "eyelashes",
    "vellus_hair",
    "wig",
];

const REGIONS: [&str; 4] = ["head_neck", "upper_limbs", "trunk", "lower_limbs"];

/// Each region's cells: four signs, `area_pct`, `area_score`.
const REGION_COLUMNS: [[&str; 6]; 4] = [
    [
        "easi_head_neck_erythema",
        "easi_head_neck_induration",
        "easi_head_neck_excoriation",
        "easi_head_neck_lichenification",
        "easi_head_neck_area_pct",
        "easi_head_neck_area_score",
    ],
    [
        "easi_upper_limbs_erythema",
        "easi_upper_limbs_induration",
        "easi_upper_limbs_excoriation",
        "easi_upper_limbs_lichenification",
        "easi_upper_limbs_area_pct",
        "easi_upper_limbs_area_score",
    ],
    [
        "easi_trunk_erythema",
        "easi_trunk_induration",
        "easi_trunk_excoriation",
        "easi_trunk_lichenification",
        "easi_trunk_area_pct",
        "easi_trunk_area_score",
    ],
    [
        "easi_lower_limbs_erythema",
        "easi_lower_limbs_induration",
        "easi_lower_limbs_excoriation",
        "easi_lower_limbs_lichenification",
        "easi_lower_limbs_area_pct",
        "easi_lower_limbs_area_score",
    ],
];

fn region(row: &mut Row<'_>, columns: &[&str; 6]) -> Option<EasiRegionInput> {
    let [e, i, x, l, pct, score] = *columns;
    let r = EasiRegionInput {
        erythema: row.decimal(e),
        induration: row.decimal(i),
        excoriation: row.decimal(x),
        lichenification: row.decimal(l),
        area_pct: row.decimal(pct),
        area_score: row.decimal(score),
    };
    (r != EasiRegionInput::default()).then_some(r)
}

fn total(row: &mut Row<'_>, column: &str) -> Option<ItemsInput> {
    row.decimal(column).map(|t| ItemsInput {
        items: None,
        total: Some(t),
    })
}

/// The row as the API's visit input (cells that do not read are recorded on the row). An
/// instrument is present when any of its cells is filled.
pub fn input(row: &mut Row<'_>) -> VisitInput {
    let salt = SaltInput {
        top: row.decimal("salt_top"),
        back: row.decimal("salt_back"),
        right: row.decimal("salt_right"),
        left: row.decimal("salt_left"),
        total: row.decimal("salt_total"),
    };
    let [head_neck, upper_limbs, trunk, lower_limbs] = REGION_COLUMNS.map(|c| region(row, &c));
    let regions = EasiRegionsInput {
        head_neck,
        upper_limbs,
        trunk,
        lower_limbs,
    };
    let regions = (regions != EasiRegionsInput::default()).then_some(regions);
    let easi_total = row.decimal("easi_total");
    VisitInput {
        visit_date: row.string("visit_date"),
        weight_kg: row.decimal("weight_kg"),
        salt: (salt != SaltInput::default()).then_some(salt),
        easi: (regions.is_some() || easi_total.is_some()).then_some(EasiInput {
            regions,
            total: easi_total,
        }),
        pp_nrs: row.decimal("pp_nrs"),
        viga: row.decimal("viga"),
        poem: total(row, "poem"),
        dlqi: total(row, "dlqi"),
        cdlqi: total(row, "cdlqi"),
        idqol: total(row, "idqol"),
        eyebrows: row.decimal("eyebrows"),
        eyelashes: row.decimal("eyelashes"),
        vellus_hair: row.boolean("vellus_hair"),
        wig: row.boolean("wig"),
        labs: Vec::new(),
        adverse_events: Vec::new(),
        missing: missing(row),
    }
}

/// The optional `missing` cell: fields recorded as missing with their reasons,
/// `field:reason` pairs separated by `;` (`poem:not_done;dlqi:not_applicable`).
fn missing(row: &mut Row<'_>) -> MissingFields {
    let mut out = MissingFields::new();
    let Some(text) = row.text("missing") else {
        return out;
    };
    for pair in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = pair
            .split_once(':')
            .and_then(|(f, r)| MissingReason::parse(r.trim()).map(|r| (f.trim().to_owned(), r)));
        match parsed {
            Some((field, reason)) => {
                out.insert(field, reason);
            }
            None => row.error(
                "missing",
                format!(
                    "'{pair}' is not field:reason with a reason of not_done, not_applicable or unknown"
                ),
            ),
        }
    }
    out
}

/// The CSV column of an error at a visit input's JSON path.
pub fn column(path: &str) -> String {
    let flat = match path.strip_prefix("easi.regions.") {
        Some(rest) => format!("easi_{rest}"),
        None => path.to_owned(),
    }
    .replace('.', "_");
    match flat.as_str() {
        "easi" => "easi_total".into(),
        "easi_regions" => "easi_*".into(),
        m if m.starts_with("missing") => "missing".into(),
        "salt" => "salt_*".into(),
        q @ ("poem" | "dlqi" | "cdlqi" | "idqol") => q.into(),
        other => {
            if let Some(q) = other
                .strip_suffix("_total")
                .or_else(|| other.strip_suffix("_items"))
                .filter(|q| ["poem", "dlqi", "cdlqi", "idqol"].contains(q))
            {
                return q.to_owned();
            }
            if REGIONS.iter().any(|r| other == format!("easi_{r}")) {
                return format!("{other}_*");
            }
            other.replace("_area_score", "_area_pct")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::column;

    #[test]
    fn json_paths_become_columns() {
        for (path, col) in [
            ("easi.regions.trunk.erythema", "easi_trunk_erythema"),
            (
                "easi.regions.head_neck.area_score",
                "easi_head_neck_area_pct",
            ),
            ("easi.regions.lower_limbs", "easi_lower_limbs_*"),
            ("easi.total", "easi_total"),
            ("salt.top", "salt_top"),
            ("poem.total", "poem"),
            ("visit_date", "visit_date"),
            ("missing.poem", "missing"),
            ("", ""),
        ] {
            assert_eq!(column(path), col, "{path}");
        }
    }
}

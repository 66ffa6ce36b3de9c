//! CSV files for the import suites, in the format of `docs/import-format.md`.

use std::fmt::Write;

/// The patients header.
pub const PATIENTS: &str = "center,patient,sex,birth_month,diagnosis,aa_subtype,episode_start,consent_research,consent_date\n";
/// The treatments header.
pub const TREATMENTS: &str = "center,patient,drug,indication,start_date,stop_date,stop_reason,dose_amount,dose_unit,dose_frequency\n";
/// The labs header.
pub const LABS: &str = "center,patient,sample_date,analyte,value,unit,uln,lln\n";
/// The adverse events header.
pub const ADVERSE_EVENTS: &str = "center,patient,onset_date,end_date,term,meddra_code,grade,serious,causality,action,outcome,drug\n";

const REGIONS: [&str; 4] = ["head_neck", "upper_limbs", "trunk", "lower_limbs"];
const SIGNS: [&str; 5] = [
    "erythema",
    "induration",
    "excoriation",
    "lichenification",
    "area_pct",
];

/// The visits header (39 columns).
pub fn visits_header() -> String {
    let mut h = String::from(
        "center,patient,visit_date,weight_kg,salt_top,salt_back,salt_right,salt_left,salt_total,easi_total",
    );
    for r in REGIONS {
        for s in SIGNS {
            write!(h, ",easi_{r}_{s}").unwrap();
        }
    }
    h.push_str(",pp_nrs,viga,poem,dlqi,cdlqi,eyebrows,eyelashes,vellus_hair,wig\n");
    h
}

/// A patients file: `n` patients `P00000…` of `center`, alternately AA and AD, born 1980–1999.
pub fn patients(center: &str, n: usize) -> String {
    let mut s = String::from(PATIENTS);
    for i in 0..n {
        let (dx, subtype, start) = if i.is_multiple_of(2) {
            ("AA", "patchy", "2020-05-01")
        } else {
            ("AD", "", "")
        };
        writeln!(
            s,
            "{center},P{i:05},{},{}-{:02},{dx},{subtype},{start},yes,2024-01-10",
            if i % 3 == 0 { "male" } else { "female" },
            1980 + i % 20,
            1 + i % 12
        )
        .unwrap();
    }
    s
}

fn date(day: usize) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + chrono::Duration::days(day as i64)
}

/// An AA visit row (SALT views, eyebrows, eyelashes, vellus hair, wig) of patient `i` on day
/// `day` after 2015-01-01.
pub fn aa_visit(center: &str, i: usize, day: usize) -> String {
    let mut f = vec![String::new(); 39];
    f[0] = center.into();
    f[1] = format!("P{i:05}");
    f[2] = date(day).to_string();
    f[3] = format!("{}.5", 60 + i % 30);
    f[4] = ((i + day) % 101).to_string();
    f[5] = ((day * 7) % 101).to_string();
    f[6] = "10".into();
    f[7] = "20".into();
    f[35] = "1".into();
    f[36] = "2".into();
    f[37] = "no".into();
    f[38] = "yes".into();
    f.join(",") + "\n"
}

/// An AD visit row (all four EASI regions, PP-NRS, vIGA, POEM, DLQI) of patient `i`.
pub fn ad_visit(center: &str, i: usize, day: usize) -> String {
    let mut f = vec![String::new(); 39];
    f[0] = center.into();
    f[1] = format!("P{i:05}");
    f[2] = date(day).to_string();
    f[3] = "72".into();
    let sign = ["0", "1", "1.5", "2", "2.5", "3"][(i + day) % 6];
    for r in 0..4 {
        let at = 10 + r * 5;
        f[at] = sign.into();
        f[at + 1] = "1".into();
        f[at + 2] = "2".into();
        f[at + 3] = "0".into();
        f[at + 4] = ((day * 3 + r) % 101).to_string();
    }
    f[30] = (day % 11).to_string();
    f[31] = (day % 5).to_string();
    f[32] = (day % 29).to_string();
    f[33] = (day % 31).to_string();
    f.join(",") + "\n"
}

/// A visits file: `per_patient` visits for each of patients `0..patients` (even AA, odd AD).
pub fn visits(center: &str, patients: usize, per_patient: usize) -> String {
    let mut s = visits_header();
    for day in 0..per_patient {
        for i in 0..patients {
            s.push_str(&visit(center, i, day * 14));
        }
    }
    s
}

/// The visit row of patient `i` (AA when even, AD when odd) on day `day`.
pub fn visit(center: &str, i: usize, day: usize) -> String {
    if i.is_multiple_of(2) {
        aa_visit(center, i, day)
    } else {
        ad_visit(center, i, day)
    }
}

//! The released rows and analyses as polars frames, each checked against the column table
//! ([`super::columns`]): a column without an entry, or of another type, stops the release.

use polars::prelude::{Column, DataFrame, NamedFrom, Series};
use registry_core::responses::{Response, VisitResponses};

use super::ReleaseError;
use super::build::BASELINE_SCORES;
use super::columns::{self, Kind};
use super::suppress::Released;
use crate::analyses::Analyses;

/// One column's values.
pub(super) enum Values {
    /// Text.
    Text(Vec<Option<String>>),
    /// Whole numbers.
    Integer(Vec<Option<i64>>),
    /// Numbers.
    Number(Vec<Option<f64>>),
    /// Booleans.
    Boolean(Vec<Option<bool>>),
}

impl Values {
    fn kind(&self) -> Kind {
        match self {
            Self::Text(_) => Kind::Text,
            Self::Integer(_) => Kind::Integer,
            Self::Number(_) => Kind::Number,
            Self::Boolean(_) => Kind::Boolean,
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::Text(v) => v.len(),
            Self::Integer(v) => v.len(),
            Self::Number(v) => v.len(),
            Self::Boolean(v) => v.len(),
        }
    }

    fn column(self, name: &str) -> Column {
        let series = match self {
            Self::Text(v) => Series::new(name.into(), v),
            Self::Integer(v) => Series::new(name.into(), v),
            Self::Number(v) => Series::new(name.into(), v),
            Self::Boolean(v) => Series::new(name.into(), v),
        };
        series.into()
    }
}

fn text<T, I: IntoIterator<Item = Option<T>>>(it: I) -> Values
where
    T: Into<String>,
{
    // An empty text is a missing value: CSV would otherwise tell "" from an empty cell.
    Values::Text(
        it.into_iter()
            .map(|v| v.map(Into::into).filter(|s: &String| !s.is_empty()))
            .collect(),
    )
}

fn int<I: IntoIterator<Item = Option<i64>>>(it: I) -> Values {
    Values::Integer(it.into_iter().collect())
}

fn num<I: IntoIterator<Item = Option<f64>>>(it: I) -> Values {
    Values::Number(it.into_iter().collect())
}

fn boolean<I: IntoIterator<Item = Option<bool>>>(it: I) -> Values {
    Values::Boolean(it.into_iter().collect())
}

/// A frame of table `name` from its columns, which must be exactly the column table's, in its
/// order and of its types.
pub(super) fn frame(name: &str, columns: Vec<(&str, Values)>) -> Result<DataFrame, ReleaseError> {
    let unclassified = |column: &str| ReleaseError::Unclassified {
        table: name.to_owned(),
        column: column.to_owned(),
    };
    let spec = columns::table(name).ok_or_else(|| unclassified("*"))?;
    for (i, (column, values)) in columns.iter().enumerate() {
        match spec.columns.get(i) {
            Some(c) if c.name == *column && c.kind == values.kind() => {}
            _ => return Err(unclassified(column)),
        }
    }
    if let Some(missing) = spec.columns.get(columns.len()) {
        return Err(unclassified(missing.name));
    }
    let height = columns.first().map_or(0, |(_, v)| v.len());
    let columns = columns.into_iter().map(|(n, v)| v.column(n)).collect();
    Ok(DataFrame::new(height, columns)?)
}

fn response(r: Response) -> Option<bool> {
    r.is_evaluable().then(|| r.is_responder())
}

fn decimal(d: Option<rust_decimal::Decimal>) -> Option<f64> {
    d.and_then(|d| rust_decimal::prelude::ToPrimitive::to_f64(&d))
}

/// Every table of the release, in [`columns::TABLES`] order, with its name.
pub(super) fn tables(
    released: &Released,
    analyses: &Analyses,
) -> Result<Vec<(&'static str, DataFrame)>, ReleaseError> {
    let ps = &released.patients;
    let mut out = Vec::new();

    out.push((
        "patients",
        frame(
            "patients",
            vec![
                ("pseudonym", text(ps.iter().map(|p| Some(&*p.pseudonym)))),
                ("sex", text(ps.iter().map(|p| Some(p.rows.sex.as_str())))),
                ("age_band", text(ps.iter().map(|p| p.rows.age_band.clone()))),
                (
                    "diagnosis",
                    text(ps.iter().map(|p| Some(p.rows.diagnosis.code()))),
                ),
                (
                    "aa_subtype",
                    text(ps.iter().map(|p| p.rows.aa_subtype.clone())),
                ),
                (
                    "center_group",
                    text(ps.iter().map(|p| Some(p.center_group.as_str()))),
                ),
            ],
        )?,
    ));

    let episodes: Vec<_> = ps
        .iter()
        .flat_map(|p| p.rows.episodes.iter().map(move |e| (p, e)))
        .collect();
    let mut columns = vec![
        (
            "pseudonym",
            text(episodes.iter().map(|(p, _)| Some(&*p.pseudonym))),
        ),
        (
            "episode",
            int(episodes
                .iter()
                .map(|(_, e)| Some(i64::from(e.course.episode)))),
        ),
        (
            "drug",
            text(episodes.iter().map(|(_, e)| Some(e.course.drug.code()))),
        ),
        (
            "drug_class",
            text(
                episodes
                    .iter()
                    .map(|(_, e)| Some(e.course.drug.class().code())),
            ),
        ),
        (
            "indication",
            text(episodes.iter().map(|(_, e)| Some(e.indication.as_str()))),
        ),
        (
            "episode_number",
            int(episodes
                .iter()
                .map(|(_, e)| Some(i64::from(e.course.episode_number)))),
        ),
        (
            "start_year",
            int(episodes.iter().map(|(_, e)| Some(i64::from(e.start_year)))),
        ),
        (
            "stop_day",
            int(episodes.iter().map(|(_, e)| e.course.stop.map(|s| s.0))),
        ),
        (
            "stop_reason",
            text(
                episodes
                    .iter()
                    .map(|(_, e)| e.course.stop.map(|s| s.1.code())),
            ),
        ),
        (
            "previous_drug",
            text(
                episodes
                    .iter()
                    .map(|(_, e)| e.course.previous_drug.map(|d| d.code())),
            ),
        ),
        (
            "follow_up_day",
            int(episodes.iter().map(|(_, e)| Some(e.course.follow_up_day))),
        ),
        (
            "cut_day",
            int(episodes.iter().map(|(_, e)| Some(e.course.cut_day))),
        ),
        (
            "taper_day",
            int(episodes.iter().map(|(_, e)| e.course.taper_day)),
        ),
    ];
    let day = |i: usize| int(episodes.iter().map(move |(_, e)| e.baseline_days[i]));
    debug_assert_eq!(BASELINE_SCORES[0], "salt");
    columns.push((
        "baseline_salt",
        num(episodes
            .iter()
            .map(|(_, e)| decimal(e.course.baseline.salt))),
    ));
    columns.push(("baseline_salt_day", day(0)));
    columns.push((
        "baseline_easi",
        num(episodes
            .iter()
            .map(|(_, e)| decimal(e.course.baseline.easi))),
    ));
    columns.push(("baseline_easi_day", day(1)));
    columns.push((
        "baseline_pp_nrs",
        int(episodes
            .iter()
            .map(|(_, e)| e.course.baseline.pp_nrs.map(i64::from))),
    ));
    columns.push(("baseline_pp_nrs_day", day(2)));
    columns.push((
        "baseline_viga",
        int(episodes
            .iter()
            .map(|(_, e)| e.course.baseline.viga.map(i64::from))),
    ));
    columns.push(("baseline_viga_day", day(3)));
    columns.push((
        "baseline_eyebrows",
        int(episodes
            .iter()
            .map(|(_, e)| e.baseline_eyebrows.map(i64::from))),
    ));
    columns.push(("baseline_eyebrows_day", day(4)));
    columns.push((
        "baseline_eyelashes",
        int(episodes
            .iter()
            .map(|(_, e)| e.baseline_eyelashes.map(i64::from))),
    ));
    columns.push(("baseline_eyelashes_day", day(5)));
    out.push(("episodes", frame("episodes", columns)?));

    let visits: Vec<_> = ps
        .iter()
        .flat_map(|p| p.rows.visits.iter().map(move |v| (p, v)))
        .collect();
    let resp = |f: fn(&VisitResponses) -> Response| {
        boolean(
            visits
                .iter()
                .map(move |(_, v)| v.responses.as_ref().and_then(|r| response(f(r)))),
        )
    };
    out.push((
        "visits",
        frame(
            "visits",
            vec![
                (
                    "pseudonym",
                    text(visits.iter().map(|(p, _)| Some(&*p.pseudonym))),
                ),
                (
                    "episode",
                    int(visits.iter().map(|(_, v)| Some(i64::from(v.episode)))),
                ),
                (
                    "study_day",
                    int(visits.iter().map(|(_, v)| Some(v.study_day))),
                ),
                (
                    "nominal_week",
                    int(visits.iter().map(|(_, v)| v.nominal_week.map(i64::from))),
                ),
                (
                    "window_visit",
                    boolean(visits.iter().map(|(_, v)| Some(v.window_visit))),
                ),
                ("salt", num(visits.iter().map(|(_, v)| v.salt))),
                ("easi", num(visits.iter().map(|(_, v)| v.easi))),
                ("pp_nrs", int(visits.iter().map(|(_, v)| v.pp_nrs))),
                ("viga", int(visits.iter().map(|(_, v)| v.viga))),
                ("poem", int(visits.iter().map(|(_, v)| v.poem))),
                ("dlqi", int(visits.iter().map(|(_, v)| v.dlqi))),
                ("cdlqi", int(visits.iter().map(|(_, v)| v.cdlqi))),
                ("idqol", int(visits.iter().map(|(_, v)| v.idqol))),
                ("eyebrows", int(visits.iter().map(|(_, v)| v.eyebrows))),
                ("eyelashes", int(visits.iter().map(|(_, v)| v.eyelashes))),
                ("salt_le20", resp(|r| r.salt_le_20)),
                ("salt_le10", resp(|r| r.salt_le_10)),
                ("salt50", resp(|r| r.salt_50)),
                ("salt75", resp(|r| r.salt_75)),
                ("salt90", resp(|r| r.salt_90)),
                ("easi50", resp(|r| r.easi_50)),
                ("easi75", resp(|r| r.easi_75)),
                ("easi90", resp(|r| r.easi_90)),
                ("easi_le7", resp(|r| r.easi_le_7)),
                ("pp_nrs4", resp(|r| r.pp_nrs_4)),
                ("viga_0_1", resp(|r| r.viga_ad_0_1)),
            ],
        )?,
    ));

    let labs: Vec<_> = ps
        .iter()
        .flat_map(|p| p.rows.labs.iter().map(move |l| (p, l)))
        .collect();
    out.push((
        "labs",
        frame(
            "labs",
            vec![
                (
                    "pseudonym",
                    text(labs.iter().map(|(p, _)| Some(&*p.pseudonym))),
                ),
                (
                    "episode",
                    int(labs.iter().map(|(_, l)| Some(i64::from(l.episode)))),
                ),
                (
                    "study_day",
                    int(labs.iter().map(|(_, l)| Some(l.study_day))),
                ),
                (
                    "analyte",
                    text(labs.iter().map(|(_, l)| Some(l.analyte.as_str()))),
                ),
                ("value", num(labs.iter().map(|(_, l)| l.value))),
                ("result", text(labs.iter().map(|(_, l)| l.result.clone()))),
                (
                    "unit",
                    text(labs.iter().map(|(_, l)| Some(l.unit.as_str()))),
                ),
                (
                    "flags",
                    text(
                        labs.iter()
                            .map(|(_, l)| Some(l.flags.as_str()).filter(|f| !f.is_empty())),
                    ),
                ),
            ],
        )?,
    ));

    let aes: Vec<_> = ps
        .iter()
        .flat_map(|p| p.rows.adverse_events.iter().map(move |a| (p, a)))
        .collect();
    out.push((
        "adverse_events",
        frame(
            "adverse_events",
            vec![
                (
                    "pseudonym",
                    text(aes.iter().map(|(p, _)| Some(&*p.pseudonym))),
                ),
                (
                    "episode",
                    int(aes.iter().map(|(_, a)| Some(i64::from(a.episode)))),
                ),
                ("onset_day", int(aes.iter().map(|(_, a)| Some(a.onset_day)))),
                ("end_day", int(aes.iter().map(|(_, a)| a.end_day))),
                (
                    "meddra_code",
                    text(aes.iter().map(|(_, a)| a.meddra_code.clone())),
                ),
                (
                    "category",
                    text(
                        aes.iter()
                            .map(|(_, a)| Some(a.category.as_str()).filter(|c| !c.is_empty())),
                    ),
                ),
                ("grade", int(aes.iter().map(|(_, a)| Some(a.grade)))),
                ("serious", boolean(aes.iter().map(|(_, a)| Some(a.serious)))),
                ("related", text(aes.iter().map(|(_, a)| a.related.clone()))),
                ("action", text(aes.iter().map(|(_, a)| a.action.clone()))),
                ("outcome", text(aes.iter().map(|(_, a)| a.outcome.clone()))),
            ],
        )?,
    ));

    out.extend(analysis_tables(analyses)?);
    Ok(out)
}

fn count(n: Option<usize>) -> Option<i64> {
    n.and_then(|n| i64::try_from(n).ok())
}

/// The aggregate and per-episode analysis tables.
fn analysis_tables(a: &Analyses) -> Result<Vec<(&'static str, DataFrame)>, ReleaseError> {
    let c = &a.curves;
    let w = &a.window_proportions;
    let l = &a.late_responders;
    let e = &a.episode_outcomes;
    let s = &a.drug_survival;
    let group = |name: &'static str, rows: &[crate::analyses::switches::GroupOutcome]| {
        frame(
            name,
            vec![
                ("drug", text(rows.iter().map(|r| Some(r.drug)))),
                ("group", text(rows.iter().map(|r| Some(r.group)))),
                ("n", int(rows.iter().map(|r| count(r.n)))),
                ("responded", int(rows.iter().map(|r| count(r.responded)))),
                ("proportion", num(rows.iter().map(|r| r.proportion))),
            ],
        )
    };
    Ok(vec![
        (
            "curves",
            frame(
                "curves",
                vec![
                    ("outcome", text(c.iter().map(|r| Some(r.outcome.code())))),
                    ("drug", text(c.iter().map(|r| Some(r.drug)))),
                    ("method", text(c.iter().map(|r| Some(r.method.code())))),
                    ("day", int(c.iter().map(|r| Some(r.day)))),
                    ("at_risk", int(c.iter().map(|r| count(Some(r.at_risk))))),
                    ("events", int(c.iter().map(|r| count(r.events)))),
                    ("estimate", num(c.iter().map(|r| Some(r.estimate)))),
                    ("ci_low", num(c.iter().map(|r| r.ci_low))),
                    ("ci_high", num(c.iter().map(|r| r.ci_high))),
                ],
            )?,
        ),
        (
            "window_proportions",
            frame(
                "window_proportions",
                vec![
                    ("outcome", text(w.iter().map(|r| Some(r.outcome.code())))),
                    ("drug", text(w.iter().map(|r| Some(r.drug)))),
                    (
                        "nominal_week",
                        int(w.iter().map(|r| Some(i64::from(r.week)))),
                    ),
                    ("method", text(w.iter().map(|r| Some(r.method.code())))),
                    ("n", int(w.iter().map(|r| count(r.n)))),
                    ("responders", int(w.iter().map(|r| count(r.responders)))),
                    ("proportion", num(w.iter().map(|r| r.proportion))),
                ],
            )?,
        ),
        (
            "late_responders",
            frame(
                "late_responders",
                vec![
                    ("pseudonym", text(l.iter().map(|r| Some(&*r.patient)))),
                    ("episode", int(l.iter().map(|r| Some(i64::from(r.episode))))),
                    ("outcome", text(l.iter().map(|r| Some(r.outcome.code())))),
                    ("cutoff_weeks", int(l.iter().map(|r| Some(r.cutoff_weeks)))),
                    ("class", text(l.iter().map(|r| Some(r.class)))),
                    ("reason", text(l.iter().map(|r| r.reason.clone()))),
                    (
                        "first_response_day",
                        int(l.iter().map(|r| r.first_response_day)),
                    ),
                    (
                        "first_partial_day",
                        int(l.iter().map(|r| r.first_partial_day)),
                    ),
                    ("sustained", boolean(l.iter().map(|r| r.sustained))),
                ],
            )?,
        ),
        (
            "episode_outcomes",
            frame(
                "episode_outcomes",
                vec![
                    ("pseudonym", text(e.iter().map(|r| Some(&*r.patient)))),
                    ("episode", int(e.iter().map(|r| Some(i64::from(r.episode))))),
                    (
                        "trajectory",
                        text(e.iter().map(|r| {
                            r.trajectory
                                .and_then(|t| serde_json::to_value(t).ok())
                                .and_then(|v| v.as_str().map(str::to_owned))
                        })),
                    ),
                    ("best_salt", num(e.iter().map(|r| decimal(r.best_salt)))),
                    (
                        "loss_of_response_day",
                        int(e.iter().map(|r| r.loss_of_response_day)),
                    ),
                    (
                        "tapering_candidate",
                        boolean(e.iter().map(|r| Some(r.tapering_candidate))),
                    ),
                    ("taper_day", int(e.iter().map(|r| r.taper_day))),
                    (
                        "relapse_after_taper_day",
                        int(e.iter().map(|r| r.relapse_after_taper_day)),
                    ),
                ],
            )?,
        ),
        ("retreatment", group("retreatment", &a.retreatment)?),
        ("switches", group("switches", &a.switches)?),
        (
            "drug_survival",
            frame(
                "drug_survival",
                vec![
                    ("drug", text(s.iter().map(|r| Some(r.drug)))),
                    ("reason", text(s.iter().map(|r| Some(r.reason)))),
                    ("day", int(s.iter().map(|r| Some(r.day)))),
                    ("at_risk", int(s.iter().map(|r| count(Some(r.at_risk))))),
                    ("events", int(s.iter().map(|r| count(r.events)))),
                    ("estimate", num(s.iter().map(|r| Some(r.estimate)))),
                    ("ci_low", num(s.iter().map(|r| r.ci_low))),
                    ("ci_high", num(s.iter().map(|r| r.ci_high))),
                ],
            )?,
        ),
    ])
}

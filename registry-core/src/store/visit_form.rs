//! Between a parsed visit ([`crate::visit::ParsedVisit`]) and its row: what is stored (the
//! components as entered, the totals and bands the rules computed, warnings, rules version), and
//! the input a stored visit came from (for edits, which re-parse the whole visit).

use rust_decimal::Decimal;

use super::StoreError;
use super::visits::{VisitRecord, VisitRow};
use crate::instruments::easi::{Easi, EasiInput, EasiRegionsInput};
use crate::instruments::pro::{ItemsInput, PpNrs, ViGaAd};
use crate::instruments::salt::{Salt, SaltInput};
use crate::responses::VisitScores;
use crate::visit::{MissingFields, ParsedVisit, VisitComputed, VisitInput};

fn text(v: Option<Decimal>) -> Option<String> {
    v.map(|d| d.normalize().to_string())
}

fn decimal(field: &str, v: Option<&str>) -> Result<Option<Decimal>, StoreError> {
    v.map(|s| {
        s.parse::<Decimal>()
            .map_err(|_| StoreError::Corrupt(format!("visit {field} '{s}'")))
    })
    .transpose()
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(
    field: &str,
    v: Option<&str>,
) -> Result<Option<T>, StoreError> {
    v.map(|s| {
        serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("visit {field}: {e}")))
    })
    .transpose()
}

fn items_json(q: Option<&ItemsInput>) -> Result<Option<String>, StoreError> {
    q.and_then(|q| q.items.as_ref()).map(json).transpose()
}

fn small(v: Option<u8>) -> Option<i32> {
    v.map(i32::from)
}

impl VisitRow {
    /// Fills this row's instrument columns from `input` as entered and `visit` as parsed; the
    /// computed values and warnings are stored with the current rules version.
    pub fn fill(&mut self, input: &VisitInput, visit: &ParsedVisit) -> Result<(), StoreError> {
        let computed = visit.computed();
        let salt = input.salt.clone().unwrap_or_default();
        self.visit_date = visit.date;
        self.weight_kg = text(visit.weight_kg);
        self.salt_top = text(salt.top);
        self.salt_back = text(salt.back);
        self.salt_right = text(salt.right);
        self.salt_left = text(salt.left);
        self.salt_total = text(visit.salt.map(|s| s.total()));
        self.easi_regions = input
            .easi
            .as_ref()
            .and_then(|e| e.regions.as_ref())
            .map(json)
            .transpose()?;
        self.easi_total = text(visit.easi.as_ref().map(Easi::total));
        self.pp_nrs = small(visit.pp_nrs.map(PpNrs::value));
        self.viga = small(visit.viga.map(ViGaAd::grade));
        self.poem_items = items_json(input.poem.as_ref())?;
        self.poem_total = small(visit.poem.as_ref().and_then(|q| q.total()));
        self.dlqi_items = items_json(input.dlqi.as_ref())?;
        self.dlqi_total = small(visit.dlqi.as_ref().and_then(|q| q.total()));
        self.cdlqi_items = items_json(input.cdlqi.as_ref())?;
        self.cdlqi_total = small(visit.cdlqi.as_ref().and_then(|q| q.total()));
        self.idqol_items = items_json(input.idqol.as_ref())?;
        self.idqol_total = small(visit.idqol.as_ref().and_then(|q| q.total()));
        self.eyebrows = small(visit.aa_items.eyebrows().map(|s| s.score()));
        self.eyelashes = small(visit.aa_items.eyelashes().map(|s| s.score()));
        self.vellus_hair = visit.aa_items.vellus_hair();
        self.wig = visit.aa_items.wig();
        self.missing_fields = json(&visit.missing)?;
        self.computed = json(&computed)?;
        self.warnings = json(&visit.warnings)?;
        self.rules_version = crate::RULES_VERSION.to_owned();
        Ok(())
    }
}

/// What is read back from a stored visit, on both its row types (one text, so the whole row and
/// the cohort's [`VisitRecord`] read a visit back the same way).
macro_rules! stored_visit {
    ($T:ty) => {
        impl $T {
            /// The visit's instruments as they were entered (without labs and adverse events, which are
            /// records of their own).
            pub fn to_input(&self) -> Result<VisitInput, StoreError> {
                let views = [
                    &self.salt_top,
                    &self.salt_back,
                    &self.salt_right,
                    &self.salt_left,
                ];
                let salt = if views.iter().any(|v| v.is_some()) {
                    Some(SaltInput {
                        top: decimal("salt_top", self.salt_top.as_deref())?,
                        back: decimal("salt_back", self.salt_back.as_deref())?,
                        right: decimal("salt_right", self.salt_right.as_deref())?,
                        left: decimal("salt_left", self.salt_left.as_deref())?,
                        total: None,
                    })
                } else {
                    decimal("salt_total", self.salt_total.as_deref())?.map(|t| SaltInput {
                        total: Some(t),
                        ..Default::default()
                    })
                };
                let regions: Option<EasiRegionsInput> =
                    from_json("easi_regions", self.easi_regions.as_deref())?;
                let easi = match regions {
                    Some(r) => Some(EasiInput {
                        regions: Some(r),
                        total: None,
                    }),
                    None => decimal("easi_total", self.easi_total.as_deref())?.map(|t| EasiInput {
                        regions: None,
                        total: Some(t),
                    }),
                };
                let items = |field: &str,
                             items: Option<&str>,
                             total: Option<i32>|
                 -> Result<Option<ItemsInput>, StoreError> {
                    let items: Option<Vec<Option<Decimal>>> = from_json(field, items)?;
                    Ok(match (items, total) {
                        (Some(items), _) => Some(ItemsInput {
                            items: Some(items),
                            total: None,
                        }),
                        (None, Some(t)) => Some(ItemsInput {
                            items: None,
                            total: Some(Decimal::from(t)),
                        }),
                        (None, None) => None,
                    })
                };
                Ok(VisitInput {
                    visit_date: Some(self.visit_date.to_string()),
                    weight_kg: decimal("weight_kg", self.weight_kg.as_deref())?,
                    salt,
                    easi,
                    pp_nrs: self.pp_nrs.map(Decimal::from),
                    viga: self.viga.map(Decimal::from),
                    poem: items("poem_items", self.poem_items.as_deref(), self.poem_total)?,
                    dlqi: items("dlqi_items", self.dlqi_items.as_deref(), self.dlqi_total)?,
                    cdlqi: items("cdlqi_items", self.cdlqi_items.as_deref(), self.cdlqi_total)?,
                    idqol: items("idqol_items", self.idqol_items.as_deref(), self.idqol_total)?,
                    eyebrows: self.eyebrows.map(Decimal::from),
                    eyelashes: self.eyelashes.map(Decimal::from),
                    vellus_hair: self.vellus_hair,
                    wig: self.wig,
                    labs: Vec::new(),
                    adverse_events: Vec::new(),
                    missing: self.missing()?,
                })
            }

            /// The fields recorded as missing, with their reasons.
            pub fn missing(&self) -> Result<MissingFields, StoreError> {
                if self.missing_fields == "{}" {
                    return Ok(MissingFields::new());
                }
                serde_json::from_str(&self.missing_fields).map_err(|e| {
                    StoreError::Corrupt(format!("visit {} missing_fields: {e}", self.id))
                })
            }

            /// The scores responses are computed from, read back from the stored totals.
            pub fn scores(&self) -> Result<VisitScores, StoreError> {
                let corrupt = |what: &str| StoreError::Corrupt(format!("visit {} {what}", self.id));
                Ok(VisitScores {
                    easi: decimal("easi_total", self.easi_total.as_deref())?
                        .map(|t| Easi::from_total(t).map_err(|_| corrupt("easi_total")))
                        .transpose()?,
                    salt: decimal("salt_total", self.salt_total.as_deref())?
                        .map(|t| Salt::from_total(t).map_err(|_| corrupt("salt_total")))
                        .transpose()?,
                    pp_nrs: self
                        .pp_nrs
                        .map(|v| PpNrs::try_from(Decimal::from(v)).map_err(|_| corrupt("pp_nrs")))
                        .transpose()?,
                    viga_ad: self
                        .viga
                        .map(|v| ViGaAd::try_from(Decimal::from(v)).map_err(|_| corrupt("viga")))
                        .transpose()?,
                    eyebrows: self
                        .eyebrows
                        .map(|v| Decimal::from(v).try_into().map_err(|_| corrupt("eyebrows")))
                        .transpose()?,
                    eyelashes: self
                        .eyelashes
                        .map(|v| {
                            Decimal::from(v)
                                .try_into()
                                .map_err(|_| corrupt("eyelashes"))
                        })
                        .transpose()?,
                })
            }

            /// The computed values stored with the visit.
            pub fn computed(&self) -> Result<VisitComputed, StoreError> {
                serde_json::from_str(&self.computed)
                    .map_err(|e| StoreError::Corrupt(format!("visit computed: {e}")))
            }
        }
    };
}

stored_visit!(VisitRow);
stored_visit!(VisitRecord);

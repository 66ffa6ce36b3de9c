//! Adverse events of special interest (CLINICAL.md §4): categories over terms, derived from the
//! verbatim and MedDRA terms by the table in [`super::aesi_table`], or given by the center.

use std::collections::BTreeSet;

use super::aesi_table::{AESI_SYNONYMS, AesiRule, NON_SKIN_SITES};

code_enum! {
    /// A category of adverse events of special interest.
    AesiCategory, "an adverse event of special interest" {
        /// Herpes zoster (shingles).
        HerpesZoster => "herpes_zoster",
        /// Herpes simplex, including eczema herpeticum.
        HerpesSimplex => "herpes_simplex",
        /// An infection that is serious (ICH E2A), or an opportunistic infection.
        SeriousOrOpportunisticInfection => "serious_or_opportunistic_infection",
        /// Venous thromboembolism (deep vein thrombosis, pulmonary embolism).
        Vte => "vte",
        /// Major adverse cardiovascular event (cardiovascular death, myocardial infarction, stroke).
        Mace => "mace",
        /// Malignancy other than non-melanoma skin cancer.
        MalignancyExclNmsc => "malignancy_excl_nmsc",
        /// Non-melanoma skin cancer (basal cell and cutaneous squamous cell carcinoma).
        Nmsc => "nmsc",
        /// Conjunctivitis (notably on dupilumab).
        Conjunctivitis => "conjunctivitis",
        /// Acne and acneiform eruptions.
        Acne => "acne",
    }
}

impl AesiCategory {
    /// True for the herpes infections the JAK-inhibitor interruption rule is about.
    pub fn is_herpes(self) -> bool {
        matches!(self, Self::HerpesZoster | Self::HerpesSimplex)
    }
}

/// The categories a term falls in; `serious` is whether the event meets an ICH E2A criterion
/// (a serious infection is an infection term on a serious event).
pub fn classify_term(term: &str, serious: bool) -> BTreeSet<AesiCategory> {
    let words = words(term);
    let matches: Vec<Match> = AESI_SYNONYMS
        .iter()
        .flat_map(|synonym| {
            find(&words, synonym.phrase, true)
                .into_iter()
                .map(move |(start, end)| Match {
                    rule: synonym.rule,
                    start,
                    end,
                })
        })
        .collect();
    let mut categories = BTreeSet::new();
    let mut infection = false;
    for m in &matches {
        match m.rule {
            AesiRule::Is(category) => {
                categories.insert(category);
            }
            AesiRule::UnlessWithin(category, other) => {
                let inside_other = matches.iter().any(|o| {
                    o.table_category() == Some(other) && o.start <= m.start && m.end <= o.end
                });
                if !inside_other {
                    categories.insert(category);
                }
            }
            AesiRule::SquamousCell => {
                let elsewhere = NON_SKIN_SITES
                    .iter()
                    .any(|site| !find(&words, site, false).is_empty());
                categories.insert(if elsewhere {
                    AesiCategory::MalignancyExclNmsc
                } else {
                    AesiCategory::Nmsc
                });
            }
            AesiRule::Infection => infection = true,
        }
    }
    let herpes = categories.iter().any(|c| c.is_herpes());
    if serious && (infection || herpes) {
        categories.insert(AesiCategory::SeriousOrOpportunisticInfection);
    }
    categories
}

/// The categories of an event named by several terms (verbatim and MedDRA): their union.
pub fn classify_terms<'a>(
    terms: impl IntoIterator<Item = &'a str>,
    serious: bool,
) -> BTreeSet<AesiCategory> {
    terms
        .into_iter()
        .flat_map(|term| classify_term(term, serious))
        .collect()
}

/// A phrase of the table found at words `start..end` of the term.
struct Match {
    rule: AesiRule,
    start: usize,
    end: usize,
}

impl Match {
    /// The category whose phrase this is, for [`AesiRule::UnlessWithin`].
    fn table_category(&self) -> Option<AesiCategory> {
        match self.rule {
            AesiRule::Is(category) | AesiRule::UnlessWithin(category, _) => Some(category),
            AesiRule::SquamousCell => Some(AesiCategory::Nmsc),
            AesiRule::Infection => None,
        }
    }
}

/// The words of a term: lower case, accents dropped, split at every non-alphanumeric character.
fn words(term: &str) -> Vec<String> {
    let folded: String = term
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    folded.split_whitespace().map(str::to_owned).collect()
}

/// Where `phrase` occurs in `words`, as `(start, end)` word ranges. With `stem_last`, the last
/// word of the phrase only has to begin the term's word; `*word` matches inside any word.
fn find(words: &[String], phrase: &str, stem_last: bool) -> Vec<(usize, usize)> {
    if let Some(inner) = phrase.strip_prefix('*') {
        return (words.iter().enumerate())
            .filter(|(_, word)| word.contains(inner))
            .map(|(i, _)| (i, i + 1))
            .collect();
    }
    let parts: Vec<&str> = phrase.split_whitespace().collect();
    let Some((last, first)) = parts.split_last() else {
        return Vec::new();
    };
    if words.len() < parts.len() {
        return Vec::new();
    }
    (0..=words.len() - parts.len())
        .filter(|&start| {
            let window = &words[start..start + parts.len()];
            let leading = first.iter().zip(window).all(|(p, w)| p == w);
            let tail = &window[first.len()];
            leading
                && if stem_last {
                    tail.starts_with(last)
                } else {
                    tail == last
                }
        })
        .map(|start| (start, start + parts.len()))
        .collect()
}

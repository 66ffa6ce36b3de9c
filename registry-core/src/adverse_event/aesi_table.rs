//! The keyword and synonym table that derives adverse events of special interest from a term
//! (English and Dutch; also the codebook's source).
//!
//! How a phrase matches: the term is lower-cased, accents are dropped (`ë` → `e`) and every
//! character that is not a letter or digit separates words (`trombo-embolie` → `trombo embolie`).
//! A phrase matches consecutive words of the term; all its words must be equal except the last,
//! which only has to begin the term's word, so a phrase can be a stem: `pulmonary embol` matches
//! "pulmonary embolism" and "pulmonary emboli", `longembol` matches "longembolieën", `acne`
//! matches "acneiform eruption". A one-word phrase written with a leading `*` may also sit
//! inside a Dutch compound: `*carcinoom` matches "mammacarcinoom", `*infectie` matches
//! "urineweginfectie" (an NMSC phrase matching the same word, as in "basaalcelcarcinoom", still
//! takes precedence over the generic word). Negations ("no DVT") are not recognised: a verbatim term names
//! an event that happened.

use super::AesiCategory::{self, *};

/// What a match of a phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AesiRule {
    /// The event is in the category.
    Is(AesiCategory),
    /// The event is in the first category, unless the matched words lie inside a match of the
    /// second category's phrase: generic "herpes" is herpes simplex, but not inside
    /// "herpes zoster"; "carcinoma" is a malignancy, but not inside "basal cell carcinoma".
    UnlessWithin(AesiCategory, AesiCategory),
    /// Squamous cell carcinoma: NMSC (cutaneous), unless the term also names one of
    /// [`NON_SKIN_SITES`] (lung, oesophagus, …): then a malignancy other than NMSC.
    SquamousCell,
    /// An infection: serious or opportunistic infection when the event is serious (ICH E2A).
    /// Herpes zoster and herpes simplex count as infections too.
    Infection,
}

/// One phrase of the table and what its match means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AesiSynonym {
    /// Lower-case words without accents; the last may be a stem; a leading `*` lets a one-word
    /// phrase match inside a compound word.
    pub phrase: &'static str,
    /// What a match means.
    pub rule: AesiRule,
}

const fn is(phrase: &'static str, category: AesiCategory) -> AesiSynonym {
    AesiSynonym {
        phrase,
        rule: AesiRule::Is(category),
    }
}

const fn unless(phrase: &'static str, category: AesiCategory, within: AesiCategory) -> AesiSynonym {
    AesiSynonym {
        phrase,
        rule: AesiRule::UnlessWithin(category, within),
    }
}

const fn scc(phrase: &'static str) -> AesiSynonym {
    AesiSynonym {
        phrase,
        rule: AesiRule::SquamousCell,
    }
}

const fn infection(phrase: &'static str) -> AesiSynonym {
    AesiSynonym {
        phrase,
        rule: AesiRule::Infection,
    }
}

/// The table, by category.
pub const AESI_SYNONYMS: &[AesiSynonym] = &[
    // Herpes zoster (shingles), including varicella-zoster reactivation.
    is("herpes zoster", HerpesZoster),
    is("zoster", HerpesZoster),
    is("shingles", HerpesZoster),
    is("gordelroos", HerpesZoster),
    // Herpes simplex, including eczema herpeticum (Kaposi's varicelliform eruption).
    is("herpes simplex", HerpesSimplex),
    is("hsv", HerpesSimplex),
    is("herpes labialis", HerpesSimplex),
    is("herpes genitalis", HerpesSimplex),
    is("genital herpes", HerpesSimplex),
    is("cold sore", HerpesSimplex),
    is("koortslip", HerpesSimplex),
    is("koortsblaas", HerpesSimplex),
    is("eczema herpeticum", HerpesSimplex),
    is("eczeem herpeticum", HerpesSimplex),
    is("kaposi varicelliform", HerpesSimplex),
    is("kaposi s varicelliform", HerpesSimplex),
    is("herpetic", HerpesSimplex),
    unless("herpes", HerpesSimplex, HerpesZoster),
    // Opportunistic infections: in the category whether serious or not.
    is("tubercul", SeriousOrOpportunisticInfection),
    is("tbc", SeriousOrOpportunisticInfection),
    is("pneumocyst", SeriousOrOpportunisticInfection),
    is("pcp", SeriousOrOpportunisticInfection),
    is("cytomegalovir", SeriousOrOpportunisticInfection),
    is("cmv", SeriousOrOpportunisticInfection),
    is("cryptococ", SeriousOrOpportunisticInfection),
    is("histoplasm", SeriousOrOpportunisticInfection),
    is("aspergillos", SeriousOrOpportunisticInfection),
    is("candida oesophagitis", SeriousOrOpportunisticInfection),
    is("candida esophagitis", SeriousOrOpportunisticInfection),
    is("oesophageal candid", SeriousOrOpportunisticInfection),
    is("esophageal candid", SeriousOrOpportunisticInfection),
    is("slokdarmcandid", SeriousOrOpportunisticInfection),
    is(
        "progressive multifocal leuk",
        SeriousOrOpportunisticInfection,
    ),
    is("pml", SeriousOrOpportunisticInfection),
    is("listeri", SeriousOrOpportunisticInfection),
    is("nocardi", SeriousOrOpportunisticInfection),
    is("toxoplasm", SeriousOrOpportunisticInfection),
    is(
        "disseminated herpes zoster",
        SeriousOrOpportunisticInfection,
    ),
    is("disseminated zoster", SeriousOrOpportunisticInfection),
    is(
        "gedissemineerde herpes zoster",
        SeriousOrOpportunisticInfection,
    ),
    is("gedissemineerde zoster", SeriousOrOpportunisticInfection),
    // Infections: serious or opportunistic infection only when the event is serious.
    infection("infect"),
    infection("*infectie"),
    infection("sepsis"),
    infection("septic"),
    infection("septis"),
    infection("bacteraemi"),
    infection("bacteremi"),
    infection("bacteriemi"),
    infection("pneumoni"),
    infection("longontsteking"),
    infection("cellulitis"),
    infection("erysipel"),
    infection("wondroos"),
    infection("abscess"),
    infection("abces"),
    infection("meningitis"),
    infection("encephalitis"),
    infection("encefalitis"),
    infection("pyelonephritis"),
    infection("pyelonefritis"),
    infection("osteomyelitis"),
    infection("endocarditis"),
    infection("covid"),
    infection("influenza"),
    infection("griep"),
    infection("varicella"),
    infection("waterpokken"),
    infection("impetigo"),
    // Venous thromboembolism.
    is("vte", Vte),
    is("dvt", Vte),
    is("venous thromboembol", Vte),
    is("veneuze tromboembol", Vte),
    is("veneuze trombo embol", Vte),
    is("deep vein thromb", Vte),
    is("deep venous thromb", Vte),
    is("diepe veneuze tromb", Vte),
    is("diep veneuze tromb", Vte),
    is("trombosebeen", Vte),
    is("venous thromb", Vte),
    is("veneuze tromb", Vte),
    is("sinus thromb", Vte),
    is("sinus vein thromb", Vte),
    is("sinustromb", Vte),
    is("pulmonary embol", Vte),
    is("lung embol", Vte),
    is("long embol", Vte),
    is("longembol", Vte),
    // Major adverse cardiovascular events: cardiovascular death, myocardial infarction, stroke.
    is("myocardial infarct", Mace),
    is("myocardinfarct", Mace),
    is("hartinfarct", Mace),
    is("heart attack", Mace),
    is("hartaanval", Mace),
    is("stemi", Mace),
    is("nstemi", Mace),
    is("stroke", Mace),
    is("cerebrovascular accident", Mace),
    is("cva", Mace),
    is("beroerte", Mace),
    is("herseninfarct", Mace),
    is("cerebral infarct", Mace),
    is("cerebral haemorrh", Mace),
    is("cerebral hemorrh", Mace),
    is("intracerebral haemorrh", Mace),
    is("intracerebral hemorrh", Mace),
    is("hersenbloeding", Mace),
    is("subarachnoid haemorrh", Mace),
    is("subarachnoid hemorrh", Mace),
    is("subarachnoidale bloeding", Mace),
    is("cardiovascular death", Mace),
    is("cardiac death", Mace),
    is("hartdood", Mace),
    is("cardiovasculair overlijden", Mace),
    // Non-melanoma skin cancer.
    is("basal cell carcinom", Nmsc),
    is("basal cell cancer", Nmsc),
    is("basaalcelcarcinoom", Nmsc),
    is("basaalcel carcinoom", Nmsc),
    is("bcc", Nmsc),
    is("non melanoma skin cancer", Nmsc),
    is("nonmelanoma skin cancer", Nmsc),
    is("nmsc", Nmsc),
    is("witte huidkanker", Nmsc),
    scc("squamous cell carcinom"),
    scc("squamous cell cancer"),
    scc("plaveiselcelcarcinoom"),
    scc("plaveiselcel carcinoom"),
    scc("cscc"),
    scc("scc"),
    // Malignancies other than NMSC: named ones, and generic words outside an NMSC phrase
    // ("melanoma" also names NMSC: "non-melanoma skin cancer"). Plain "skin cancer" or
    // "huidkanker" counts as a malignancy other than NMSC; the center can say otherwise.
    unless("melanom", MalignancyExclNmsc, Nmsc),
    unless("*melanoom", MalignancyExclNmsc, Nmsc),
    is("lymphom", MalignancyExclNmsc),
    is("*lymfoom", MalignancyExclNmsc),
    is("hodgkin", MalignancyExclNmsc),
    is("leukaemi", MalignancyExclNmsc),
    is("leukemi", MalignancyExclNmsc),
    is("myelom", MalignancyExclNmsc),
    is("myeloom", MalignancyExclNmsc),
    is("sarcom", MalignancyExclNmsc),
    is("*sarcoom", MalignancyExclNmsc),
    is("metastas", MalignancyExclNmsc),
    is("uitzaaiing", MalignancyExclNmsc),
    unless("carcinom", MalignancyExclNmsc, Nmsc),
    unless("*carcinoom", MalignancyExclNmsc, Nmsc),
    unless("cancer", MalignancyExclNmsc, Nmsc),
    unless("*kanker", MalignancyExclNmsc, Nmsc),
    unless("malignan", MalignancyExclNmsc, Nmsc),
    unless("maligniteit", MalignancyExclNmsc, Nmsc),
    unless("maligne", MalignancyExclNmsc, Nmsc),
    // Conjunctivitis (notably on dupilumab).
    is("conjunctivit", Conjunctivitis),
    is("keratoconjunctivit", Conjunctivitis),
    is("blepharoconjunctivit", Conjunctivitis),
    is("blefaroconjunctivit", Conjunctivitis),
    is("bindvliesontsteking", Conjunctivitis),
    // Acne, including acneiform eruptions (notably on JAK inhibitors).
    is("acne", Acne),
];

/// Sites that make a squamous cell carcinoma a malignancy other than NMSC; matched as whole
/// words (no stems), so "long" (Dutch: lung) does not match "longstanding".
pub const NON_SKIN_SITES: &[&str] = &[
    "lung",
    "lungs",
    "long",
    "longen",
    "pulmonary",
    "bronchus",
    "bronchial",
    "oesophagus",
    "oesophageal",
    "esophagus",
    "esophageal",
    "slokdarm",
    "cervix",
    "baarmoederhals",
    "oral",
    "mond",
    "mondholte",
    "tongue",
    "tong",
    "larynx",
    "laryngeal",
    "strottenhoofd",
    "pharynx",
    "pharyngeal",
    "oropharynx",
    "oropharyngeal",
    "keel",
    "head and neck",
    "hoofd hals",
    "anal",
    "anus",
    "vulva",
    "vulvar",
    "vagina",
    "vaginal",
];

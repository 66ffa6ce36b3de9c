//! The pages' words in English and Dutch: one table, [`Msg`] → (en, nl). Clinical terms are
//! written as Dutch dermatology writes them (constitutioneel eczeem, uitgangswaarde, bijwerking).
//! Messages of the rules themselves (a field's validation message) come from `registry-core`
//! as the API answers them.

use actix_web::HttpRequest;

/// A language of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English (the default).
    En,
    /// Dutch.
    Nl,
}

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "registry_lang";

impl Lang {
    /// The language a code names (`en`, `nl`).
    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Self::En),
            "nl" => Some(Self::Nl),
            _ => None,
        }
    }

    /// A date as the language writes it: `10 Mar 2025` in English, `10-03-2025` in Dutch.
    pub fn date(self, d: chrono::NaiveDate) -> String {
        match self {
            Self::En => d.format("%-d %b %Y").to_string(),
            Self::Nl => d.format("%d-%m-%Y").to_string(),
        }
    }

    /// A date given as ISO text (`2025-03-10`, as the API writes it) as the language writes it;
    /// any other text unchanged.
    pub fn date_text(self, iso: &str) -> String {
        chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
            .map_or_else(|_| iso.to_owned(), |d| self.date(d))
    }

    /// A moment (UTC) as the language writes it, with its time: `10 Mar 2025 14:05 UTC`,
    /// `10-03-2025 14:05 UTC`.
    pub fn moment(self, t: chrono::DateTime<chrono::Utc>) -> String {
        format!("{} {} UTC", self.date(t.date_naive()), t.format("%H:%M"))
    }

    /// The code (`en`, `nl`), also the page's `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Nl => "nl",
        }
    }

    /// The language asked for in `?lang=` (and whether it was asked there), else the cookie,
    /// else the browser's first preference between the two, else English.
    pub fn of(req: &HttpRequest) -> (Self, bool) {
        let asked = form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Self::parse(&v));
        if let Some(lang) = asked {
            return (lang, true);
        }
        if let Some(lang) = req.cookie(LANG_COOKIE).and_then(|c| Self::parse(c.value())) {
            return (lang, false);
        }
        let browser = req
            .headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .is_some_and(|first| first.trim().to_ascii_lowercase().starts_with("nl"));
        (if browser { Self::Nl } else { Self::En }, false)
    }

    /// The text of `msg` in this language.
    pub fn t(self, msg: Msg) -> &'static str {
        let (en, nl) = msg.texts();
        match self {
            Self::En => en,
            Self::Nl => nl,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident => $en:literal, $nl:literal;)+) => {
        /// A text of the pages; [`Lang::t`] gives it in a language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Msg { $($key),+ }

        impl Msg {
            /// Every message (for the catalogue's own test).
            pub const ALL: &'static [Msg] = &[$(Msg::$key),+];

            /// (English, Dutch).
            pub fn texts(self) -> (&'static str, &'static str) {
                match self { $(Msg::$key => ($en, $nl)),+ }
            }
        }
    };
}

catalogue! {
    AppName => "Patient registry", "Patiëntenregister";
    Language => "Language", "Taal";
    SkipToContent => "Skip to content", "Naar de inhoud";
    SignIn => "Sign in", "Inloggen";
    SignOut => "Sign out", "Uitloggen";
    SignedInAs => "Signed in as", "Ingelogd als";
    SignedOut => "You are signed out.", "U bent uitgelogd.";
    Email => "E-mail address", "E-mailadres";
    Password => "Password", "Wachtwoord";
    WrongLogin => "Wrong e-mail address or password.", "Onjuist e-mailadres of wachtwoord.";
    TooManyAttempts => "Too many failed attempts. Try again in a few minutes.", "Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw.";
    FormExpired => "This form has expired or was not sent by this site. Reload the page and try again.", "Dit formulier is verlopen of niet door deze site verstuurd. Laad de pagina opnieuw en probeer het nog eens.";
    NotFound => "Not found", "Niet gevonden";
    NotFoundText => "There is no such page or record within your reach.", "Deze pagina of dit dossier bestaat niet of valt buiten uw bevoegdheid.";
    Forbidden => "Not allowed", "Niet toegestaan";
    ForbiddenText => "Your role may not open this page.", "Uw rol mag deze pagina niet openen.";
    Start => "Start", "Start";
    StartIntro => "What your role can do in the registry:", "Wat uw rol in het register kan doen:";
    PagesComing => "What these pages do not offer yet, the API does (see the API documentation).", "Wat deze pagina's nog niet bieden, doet de API (zie de API-documentatie).";
    ApiDocs => "API documentation", "API-documentatie";
    RoleCoordinator => "Read every center's records pseudonymously; completeness, safety and data-quality reports; the audit trail; aggregate analyses; raise data queries to centers.", "Alle centra pseudoniem inzien; rapportages over volledigheid, veiligheid en datakwaliteit; het audittrail; geaggregeerde analyses; dataverzoeken aan centra stellen.";
    RoleResearcher => "Request anonymised releases and aggregate analyses with response curves.", "Geanonimiseerde datasets en geaggregeerde analyses met responscurves aanvragen.";
    RoleAdmin => "Manage centers and users; verify the audit chain.", "Centra en gebruikers beheren; de auditketen controleren.";
    Patients => "Patients", "Patiënten";
    PatientsPseudonymous => "Patients of every center, pseudonymous (read only)", "Patiënten van alle centra, gepseudonimiseerd (alleen lezen)";
    NewPatient => "New patient", "Nieuwe patiënt";
    Search => "Search", "Zoeken";
    LocalRef => "Local reference", "Lokaal patiëntnummer";
    Diagnosis => "Diagnosis", "Diagnose";
    AnyDiagnosis => "Any diagnosis", "Alle diagnoses";
    AA => "Alopecia areata", "Alopecia areata";
    AD => "Atopic dermatitis", "Constitutioneel eczeem";
    Sex => "Sex", "Geslacht";
    Female => "female", "vrouw";
    Male => "male", "man";
    Other => "other", "anders";
    BirthMonth => "Birth month (YYYY-MM)", "Geboortemaand (JJJJ-MM)";
    AaSubtype => "AA subtype", "AA-subtype";
    Patchy => "patchy", "pleksgewijs";
    Ophiasis => "ophiasis", "ophiasis";
    Totalis => "totalis", "totalis";
    Universalis => "universalis", "universalis";
    AaEpisodeStart => "Start of the current episode of hair loss (YYYY-MM-DD)", "Begin van de huidige episode van haarverlies (JJJJ-MM-DD)";
    NailInvolvement => "Nail involvement", "Nagelbetrokkenheid";
    ChildbearingPotential => "Woman of child-bearing potential", "Vrouw in de vruchtbare leeftijd";
    VaccinationComplete => "National vaccination programme complete", "Rijksvaccinatieprogramma volledig";
    VaricellaImmune => "Varicella history or positive VZV IgG", "Varicella doorgemaakt of VZV-IgG positief";
    ConsentResearch => "Consent to research use of the pseudonymised data", "Toestemming voor onderzoek met de gepseudonimiseerde gegevens";
    ConsentDate => "Date of consent (YYYY-MM-DD)", "Datum van toestemming (JJJJ-MM-DD)";
    Unknown => "unknown", "onbekend";
    Yes => "yes", "ja";
    No => "no", "nee";
    Save => "Save", "Opslaan";
    Cancel => "Cancel", "Annuleren";
    Previous => "First page", "Eerste pagina";
    Next => "Next page", "Volgende pagina";
    NoPatients => "No patients match.", "Geen patiënten gevonden.";
    FixErrors => "Nothing was saved. Correct the fields marked below.", "Er is niets opgeslagen. Verbeter de gemarkeerde velden.";
    Open => "Open", "Openen";
    Record => "Patient record", "Patiëntdossier";
    Treatments => "Treatment episodes", "Behandelepisodes";
    NewTreatment => "New treatment episode", "Nieuwe behandelepisode";
    Drug => "Drug", "Geneesmiddel";
    Indication => "Indication", "Indicatie";
    IndicationDefault => "the patient's diagnosis", "de diagnose van de patiënt";
    StartDate => "Start date (YYYY-MM-DD)", "Startdatum (JJJJ-MM-DD)";
    StopDate => "Stop date", "Stopdatum";
    Dose => "Dose", "Dosering";
    DoseAmount => "Dose amount", "Dosis";
    DoseUnit => "Dose unit", "Eenheid";
    DoseFrequency => "Frequency", "Frequentie";
    WeightKg => "Body weight (kg)", "Lichaamsgewicht (kg)";
    EpisodeNumber => "Episode", "Episode";
    Ongoing => "ongoing", "lopend";
    NoTreatments => "No treatment episodes yet.", "Nog geen behandelepisodes.";
    Visits => "Visits", "Consulten";
    NewVisit => "New visit", "Nieuw consult";
    NoVisits => "No visits yet.", "Nog geen consulten.";
    VisitDate => "Visit date (YYYY-MM-DD)", "Consultdatum (JJJJ-MM-DD)";
    Date => "Date", "Datum";
    SaltQuadrants => "SALT: % scalp hair lost per view", "SALT: % haarverlies van de hoofdhuid per aanzicht";
    SaltTop => "Top (vertex)", "Bovenkant (vertex)";
    SaltBack => "Back", "Achterkant";
    SaltRight => "Right side", "Rechterzijde";
    SaltLeft => "Left side", "Linkerzijde";
    Eyebrows => "Eyebrows (0 full … 3 none)", "Wenkbrauwen (0 volledig … 3 afwezig)";
    Eyelashes => "Eyelashes (0 full … 3 none)", "Wimpers (0 volledig … 3 afwezig)";
    VellusHair => "New vellus hair", "Nieuw vellushaar";
    Wig => "Wig or hairpiece needed", "Pruik of haarstuk nodig";
    HeadNeck => "head and neck", "hoofd en hals";
    UpperLimbs => "upper limbs", "armen";
    Trunk => "trunk", "romp";
    LowerLimbs => "lower limbs", "benen";
    Erythema => "Erythema (0–3)", "Erytheem (0–3)";
    Induration => "Induration / papulation (0–3)", "Infiltratie / papulatie (0–3)";
    Excoriation => "Excoriation (0–3)", "Excoriatie (0–3)";
    Lichenification => "Lichenification (0–3)", "Lichenificatie (0–3)";
    AreaPct => "Area affected (%)", "Aangedaan oppervlak (%)";
    PpNrs => "Peak pruritus NRS (0–10)", "Piek-jeuk NRS (0–10)";
    Viga => "vIGA-AD (0–4)", "vIGA-AD (0–4)";
    Scores => "Scores", "Scores";
    LiveScore => "Calculated by the registry", "Berekend door het register";
    LiveScoreHint => "Filled in as you type, when the browser runs scripts; after saving on the patient record.", "Wordt tijdens het typen ingevuld als de browser scripts uitvoert; na opslaan in het patiëntdossier.";
    SaltTotal => "SALT total", "SALT-totaal";
    AaIga => "AA-IGA", "AA-IGA";
    SevereAa => "severe AA (SALT ≥ 50)", "ernstige AA (SALT ≥ 50)";
    EasiSeverity => "EASI severity", "EASI-ernst";
    Baseline => "baseline (before day 1 of the episode)", "uitgangswaarde (vóór dag 1 van de episode)";
    NoEpisode => "not within a treatment episode", "buiten een behandelepisode";
    StudyDay => "day", "dag";
    Week => "week", "week";
    ResponseVsBaseline => "Response against baseline", "Respons ten opzichte van de uitgangswaarde";
    Improvement => "improvement", "verbetering";
    Responder => "responder", "responder";
    NonResponder => "non-responder", "non-responder";
    NotEvaluable => "not evaluable", "niet te beoordelen";
    Labs => "Lab results", "Laboratoriumuitslagen";
    NoLabs => "No lab results.", "Geen laboratoriumuitslagen.";
    Analyte => "Test", "Bepaling";
    Value => "Value", "Waarde";
    Flags => "Flags", "Signaleringen";
    AdverseEvents => "Adverse events", "Bijwerkingen";
    NoAdverseEvents => "No adverse events.", "Geen bijwerkingen.";
    Term => "Term", "Term";
    Grade => "CTCAE grade", "CTCAE-graad";
    Serious => "Serious", "Ernstig";
    Alerts => "Alerts", "Signaleringen";
    NoAlerts => "Nothing needs attention today.", "Vandaag vraagt niets aandacht.";
    LabFlagsAlert => "Lab flags", "Afwijkende laboratoriumuitslagen";
    VaccinationAlert => "Vaccinations", "Vaccinaties";
    AdverseEventAlert => "Adverse events", "Bijwerkingen";
    MonitoringAlert => "Lab monitoring due", "Laboratoriumcontrole nodig";
    EligibilityAlert => "JAK-inhibitor eligibility", "Geschiktheid voor JAK-remmer";
    MissingDataAlert => "Missing data", "Ontbrekende gegevens";
    Warnings => "Warnings", "Waarschuwingen";
    Clear => "clear", "schoon";
    AlmostClear => "almost clear", "bijna schoon";
    Mild => "mild", "mild";
    Moderate => "moderate", "matig";
    Severe => "severe", "ernstig";
    VerySevere => "very severe", "zeer ernstig";
    NoneBand => "none", "geen";
    Limited => "limited", "beperkt";
    Back => "Back to the patient", "Terug naar de patiënt";
    Reports => "Reports", "Rapportages";
    ReportCompleteness => "Completeness", "Volledigheid";
    ReportOverdue => "Overdue and lost", "Te laat en uit zicht";
    ReportSafety => "Safety", "Veiligheid";
    ReportDataQuality => "Data quality", "Datakwaliteit";
    DataQueries => "Data queries", "Dataverzoeken";
    DownloadCsv => "Download as CSV", "Downloaden als CSV";
    CenterCode => "Center (code)", "Centrum (code)";
    AnyDrug => "any drug", "elk middel";
    DataCut => "Data cut (YYYY-MM-DD)", "Peildatum (JJJJ-MM-DD)";
    Apply => "Show", "Tonen";
    DataCutOn => "Data cut:", "Peildatum:";
    NothingToReport => "Nothing to report.", "Niets te melden.";
    Center => "Center", "Centrum";
    Window => "Window", "Venster";
    Item => "Item", "Onderdeel";
    Expected => "Expected", "Verwacht";
    Recorded => "Recorded", "Vastgelegd";
    MissingWithReason => "Missing with a reason", "Ontbreekt met reden";
    Missing => "Missing", "Ontbreekt";
    Complete => "Complete", "Volledig";
    Trend => "Trend by quarter", "Verloop per kwartaal";
    Quarter => "Quarter", "Kwartaal";
    VisitsComplete => "Visits recorded", "Bezoeken vastgelegd";
    FieldsComplete => "Fields complete", "Velden volledig";
    Kind => "Kind", "Soort";
    Patient => "Patient", "Patiënt";
    DueBy => "Due by", "Uiterlijk";
    DaysOverdue => "Days overdue", "Dagen te laat";
    LastVisit => "Last visit", "Laatste bezoek";
    Rule => "Rule", "Regel";
    DaysOpen => "Days open", "Dagen open";
    Detail => "Detail", "Toelichting";
    AesiIncidence => "Adverse events of special interest per 100 patient-years", "Bijwerkingen van bijzonder belang per 100 patiëntjaren";
    Category => "Category", "Categorie";
    PatientsCount => "Patients", "Patiënten";
    PatientYears => "Patient-years", "Patiëntjaren";
    Events => "Events", "Gebeurtenissen";
    Rate => "Rate (95 % CI)", "Incidentie (95%-BI)";
    Field => "Field", "Veld";
    Message => "Message", "Bericht";
    DataQuery => "Data query", "Dataverzoek";
    RaiseQuery => "Raise a data query", "Dataverzoek stellen";
    Status => "Status", "Status";
    AnyStatus => "any status", "elke status";
    StatusOpen => "open", "open";
    StatusAnswered => "answered", "beantwoord";
    StatusClosed => "closed", "gesloten";
    NoDataQueries => "No data queries.", "Geen dataverzoeken.";
    Answer => "Answer", "Antwoord";
    Raised => "Raised", "Gesteld";
    CloseQuery => "Close", "Sluiten";
    AnswerQuery => "Send the answer", "Antwoord versturen";
    Releases => "Research releases", "Onderzoeksdatasets";
    Release => "Research release", "Onderzoeksdataset";
    ResponseCurves => "Response curves", "Responscurves";
    NewRelease => "A new release", "Een nieuwe dataset";
    Drugs => "Drugs (none ticked: every drug)", "Middelen (niets aangevinkt: elk middel)";
    CenterCodes => "Centers (codes, comma-separated; empty: every center)", "Centra (codes, gescheiden door komma's; leeg: elk centrum)";
    StartedFrom => "Treatment started from (YYYY-MM-DD)", "Behandeling gestart vanaf (JJJJ-MM-DD)";
    StartedTo => "Treatment started up to (YYYY-MM-DD)", "Behandeling gestart tot en met (JJJJ-MM-DD)";
    KAnonymity => "k (smallest group of patients alike)", "k (kleinste groep gelijke patiënten)";
    StartRelease => "Start the release", "Dataset aanmaken";
    YourReleases => "Your releases", "Uw datasets";
    NoReleases => "No releases yet.", "Nog geen datasets.";
    Requested => "Requested", "Aangevraagd";
    Progress => "Progress", "Voortgang";
    JobQueued => "queued", "in de wachtrij";
    JobRunning => "running", "bezig";
    JobDone => "done", "klaar";
    JobFailed => "failed", "mislukt";
    JobDeleted => "deleted", "verwijderd";
    JobExpired => "expired", "verlopen";
    Stage => "Stage", "Stap";
    JobRefreshes => "This page is read again every two seconds until the release is ready.", "Deze pagina wordt elke twee seconden opnieuw geladen tot de dataset klaar is.";
    Reload => "Reload now", "Nu opnieuw laden";
    DownloadRelease => "Download the release (zip)", "Dataset downloaden (zip)";
    CurvesHint => "Aggregate only, patients with research consent: a curve ends before fewer than 5 remain at risk and counts of 1–4 are not shown.", "Alleen geaggregeerd, patiënten met toestemming voor onderzoek: een curve stopt voordat minder dan 5 patiënten at risk zijn en aantallen van 1–4 worden niet getoond.";
    Outcome => "Outcome", "Uitkomst";
    DataCutYear => "data cut in", "peildatum in";
    Episodes => "Episodes", "Episodes";
    Evaluable => "evaluable", "te beoordelen";
    PlotAlt => "cumulative response by week with its 95 % interval and the number at risk", "cumulatieve respons per week met het 95%-interval en het aantal at risk";
    Administration => "Administration", "Beheer";
    Centers => "Centers", "Centra";
    Users => "Users", "Gebruikers";
    Code => "Code", "Code";
    Name => "Name", "Naam";
    Active => "Active", "Actief";
    NewCenter => "A new center", "Een nieuw centrum";
    RoleNameAdmin => "administrator", "beheerder";
    RoleNameCoordinator => "coordinator", "coördinator";
    RoleNameCenter => "center user", "centrumgebruiker";
    RoleNameResearcher => "researcher", "onderzoeker";
    Role => "Role", "Rol";
    Access => "Access", "Toegang";
    Deactivate => "Deactivate", "Deactiveren";
    Reactivate => "Reactivate", "Heractiveren";
    Reason => "Reason", "Reden";
    NewUser => "A new user", "Een nieuwe gebruiker";
    NewPassword => "Password (12 to 256 characters; tell the user by another channel)", "Wachtwoord (12 tot 256 tekens; deel het via een ander kanaal)";
    CenterForCenterUsers => "Center (center users only)", "Centrum (alleen voor centrumgebruikers)";
    NoPlot => "Too few episodes to draw a curve.", "Te weinig episodes om een curve te tekenen.";
    NewLab => "Add a lab result", "Laboratoriumuitslag toevoegen";
    SampleDate => "Sample date (YYYY-MM-DD)", "Afnamedatum (JJJJ-MM-DD)";
    LabValue => "Value (for a number)", "Waarde (bij een getal)";
    LabUnit => "Unit (as the lab reports it, e.g. 10^9/L)", "Eenheid (zoals het lab rapporteert, bijv. 10^9/L)";
    QualitativeResult => "Result (serology, screening and pregnancy tests)", "Uitslag (serologie, screening en zwangerschapstest)";
    Positive => "positive", "positief";
    Negative => "negative", "negatief";
    LowerLimit => "Lower limit of normal (in the same unit)", "Ondergrens van normaal (in dezelfde eenheid)";
    UpperLimit => "Upper limit of normal (in the same unit; required for ALAT and CK)", "Bovengrens van normaal (in dezelfde eenheid; verplicht voor ALAT en CK)";
    NewAdverseEvent => "Add an adverse event", "Bijwerking toevoegen";
    VerbatimTerm => "The event in the reporter's words", "De bijwerking in de woorden van de melder";
    MeddraCode => "MedDRA code (8 digits, if coded)", "MedDRA-code (8 cijfers, indien gecodeerd)";
    MeddraTerm => "MedDRA term (if coded)", "MedDRA-term (indien gecodeerd)";
    OnsetDate => "Onset date (YYYY-MM-DD)", "Begindatum (JJJJ-MM-DD)";
    EndDate => "End date (YYYY-MM-DD; empty while it goes on)", "Einddatum (JJJJ-MM-DD; leeg zolang de bijwerking aanhoudt)";
    SeriousnessCriteria => "Seriousness criteria (none ticked: not serious)", "Criteria voor ernst (niets aangevinkt: niet ernstig)";
    Causality => "Causality (WHO-UMC)", "Causaliteit (WHO-UMC)";
    DrugAction => "Action with the drug", "Maatregel met het geneesmiddel";
    Vaccinations => "Vaccinations", "Vaccinaties";
    NoVaccinations => "No vaccinations recorded.", "Geen vaccinaties vastgelegd.";
    NewVaccination => "Add a vaccination", "Vaccinatie toevoegen";
    Vaccine => "Vaccine", "Vaccin";
    DoseNumber => "Dose number in the series (1–10)", "Dosisnummer in de reeks (1–10)";
    VaccinationDate => "Date given (YYYY-MM-DD)", "Datum van toediening (JJJJ-MM-DD)";
    DeleteLab => "Delete the lab result", "Laboratoriumuitslag verwijderen";
    DeleteLabText => "The result leaves the patient record; the audit trail keeps it, with your reason. The flags of later results stay as they were judged.", "De uitslag verdwijnt uit het patiëntdossier; het audittrail bewaart haar, met uw reden. De signaleringen bij latere uitslagen blijven zoals ze zijn beoordeeld.";
    EditVisit => "Edit the visit", "Consult wijzigen";
    DeleteVisit => "Delete the visit", "Consult verwijderen";
    Edit => "Edit", "Wijzigen";
    Delete => "Delete", "Verwijderen";
    ChangeReason => "Reason for the change", "Reden van de wijziging";
    DeleteReason => "Reason for the deletion", "Reden van de verwijdering";
    DeleteVisitText => "The visit and its scores leave the patient record; the audit trail keeps them, with your reason.", "Het consult en de scores verdwijnen uit het patiëntdossier; het audittrail bewaart ze, met uw reden.";
    ChangedElsewhere => "Someone else changed this record after you opened it, so nothing was saved. Reload to see the current version, then make your change again.", "Iemand anders heeft dit gegeven gewijzigd nadat u het opende, dus er is niets opgeslagen. Laad de huidige versie en breng uw wijziging opnieuw aan.";
    ReloadCurrent => "Reload the current version", "Huidige versie laden";
    SessionExpired => "Your session has expired. Sign in again to continue where you were.", "Uw sessie is verlopen. Log opnieuw in om verder te gaan waar u was.";
    SignInToContinue => "Sign in to open this page.", "Log in om deze pagina te openen.";
}

/// A lab test in words, in `lang`.
pub fn analyte(lang: Lang, a: registry_core::labs::Analyte) -> &'static str {
    use registry_core::labs::Analyte as A;
    match lang {
        Lang::En => a.label(),
        Lang::Nl => match a {
            A::Hb => "Hb",
            A::Leukocytes => "leukocyten",
            A::Lymphocytes => "lymfocyten (ALC)",
            A::Neutrophils => "neutrofielen (ANC)",
            A::Platelets => "trombocyten",
            A::Alat => "ALAT",
            A::Ck => "CK",
            A::Creatinine => "creatinine",
            A::CholesterolTotal => "totaal cholesterol",
            A::Hdl => "HDL-cholesterol",
            A::Ldl => "LDL-cholesterol",
            A::Triglycerides => "triglyceriden",
            A::Hiv => "hiv-serologie",
            A::Hbv => "hepatitis B-serologie",
            A::Hcv => "hepatitis C-serologie",
            A::TbScreening => "tbc-screening",
            A::PregnancyTest => "zwangerschapstest",
            A::VzvIgg => "VZV-IgG",
        },
    }
}

/// A vaccine in words, in `lang`.
pub fn vaccine(lang: Lang, v: registry_core::vaccination::VaccineKind) -> &'static str {
    use registry_core::vaccination::VaccineKind as V;
    match lang {
        Lang::En => v.name(),
        Lang::Nl => match v {
            V::HerpesZosterRecombinant => "herpes zoster (recombinant, Shingrix)",
            V::Mmr => "BMR",
            V::Varicella => "varicella (waterpokken)",
            V::YellowFever => "gele koorts",
            V::Bcg => "BCG",
            V::OralTyphoid => "buiktyfus (oraal)",
            V::Rotavirus => "rotavirus",
            V::HerpesZosterLive => "herpes zoster (levend verzwakt)",
            V::OtherLive => "ander levend verzwakt vaccin",
            V::HepatitisA => "hepatitis A",
            V::HepatitisB => "hepatitis B",
            V::Influenza => "influenza (griep)",
            V::Covid19 => "COVID-19",
            V::Pneumococcal => "pneumokokken",
            V::Dtp => "DKTP",
            V::Hpv => "HPV",
            V::Meningococcal => "meningokokken",
            V::OtherNonLive => "ander niet-levend vaccin",
        },
    }
}

/// A seriousness criterion (ICH E2A) in words, in `lang`.
pub fn seriousness(
    lang: Lang,
    c: registry_core::adverse_event::SeriousnessCriterion,
) -> &'static str {
    use registry_core::adverse_event::SeriousnessCriterion as S;
    let (en, nl) = match c {
        S::Death => ("results in death", "overlijden"),
        S::LifeThreatening => ("life-threatening", "levensbedreigend"),
        S::Hospitalisation => (
            "hospitalisation or its prolongation",
            "ziekenhuisopname of verlenging daarvan",
        ),
        S::Disability => (
            "persistent or significant disability",
            "blijvende of significante invaliditeit",
        ),
        S::CongenitalAnomaly => ("congenital anomaly", "aangeboren afwijking"),
        S::ImportantMedicalEvent => (
            "other important medical event",
            "ander medisch belangrijk voorval",
        ),
    };
    pick(lang, en, nl)
}

/// A WHO-UMC causality in words, in `lang`.
pub fn causality(lang: Lang, c: registry_core::adverse_event::Causality) -> &'static str {
    use registry_core::adverse_event::Causality as C;
    let (en, nl) = match c {
        C::Certain => ("certain", "zeker"),
        C::Probable => ("probable", "waarschijnlijk"),
        C::Possible => ("possible", "mogelijk"),
        C::Unlikely => ("unlikely", "onwaarschijnlijk"),
        C::Conditional => (
            "conditional / unclassified",
            "voorwaardelijk / niet geclassificeerd",
        ),
        C::Unassessable => ("unassessable", "niet te beoordelen"),
    };
    pick(lang, en, nl)
}

/// An action with the drug in words, in `lang`.
pub fn drug_action(lang: Lang, a: registry_core::adverse_event::DrugAction) -> &'static str {
    use registry_core::adverse_event::DrugAction as D;
    let (en, nl) = match a {
        D::None => ("dose not changed", "dosis niet gewijzigd"),
        D::Interrupted => ("interrupted", "tijdelijk gestaakt"),
        D::DoseReduced => ("dose reduced", "dosis verlaagd"),
        D::Withdrawn => ("withdrawn", "definitief gestaakt"),
    };
    pick(lang, en, nl)
}

/// An outcome of an adverse event in words, in `lang`.
pub fn outcome(lang: Lang, o: registry_core::adverse_event::Outcome) -> &'static str {
    use registry_core::adverse_event::Outcome as O;
    let (en, nl) = match o {
        O::Recovered => ("recovered", "hersteld"),
        O::Recovering => ("recovering", "herstellende"),
        O::NotRecovered => ("not recovered", "niet hersteld"),
        O::RecoveredWithSequelae => ("recovered with sequelae", "hersteld met restverschijnselen"),
        O::Fatal => ("fatal", "fataal"),
        O::Unknown => ("unknown", "onbekend"),
    };
    pick(lang, en, nl)
}

fn pick(lang: Lang, en: &'static str, nl: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Nl => nl,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        let d = chrono::NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(Lang::En.date(d), "7 Mar 2025");
        assert_eq!(Lang::Nl.date(d), "07-03-2025");
        assert_eq!(Lang::Nl.date_text("2025-03-07"), "07-03-2025");
        assert_eq!(Lang::Nl.date_text("not given"), "not given");
        let t = d.and_hms_opt(14, 5, 0).unwrap().and_utc();
        assert_eq!(Lang::Nl.moment(t), "07-03-2025 14:05 UTC");
    }

    #[test]
    fn every_message_has_both_languages() {
        for msg in Msg::ALL {
            let (en, nl) = msg.texts();
            assert!(!en.trim().is_empty() && !nl.trim().is_empty(), "{msg:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for lang in [Lang::En, Lang::Nl] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("de"), None);
    }
}

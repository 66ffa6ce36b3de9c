//! The header line: which column is where. Every column a kind requires must be there (any
//! order, names case-insensitive, surrounding spaces ignored); any of its other columns may be
//! left out (their cells are then empty); a column the kind does not know, or one named twice,
//! is refused by name.

use std::collections::HashMap;

/// Former column names, still read (deprecated), each with the one name the API and the CSV
/// import share now: a file with the old header imports as before.
pub const DEPRECATED: &[(&str, &str)] = &[
    ("uln", "upper_limit"),
    ("lln", "lower_limit"),
    ("term", "verbatim_term"),
    ("grade", "ctcae_grade"),
    ("episode_start", "aa_episode_start"),
];

/// The columns a kind knows.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    /// The columns every file of the kind must have.
    pub required: &'static [&'static str],
    /// The columns of the kind's template, in order (the required ones among them).
    pub standard: &'static [&'static str],
    /// Further columns the kind reads when present.
    pub extra: &'static [&'static str],
}

impl Columns {
    /// True when the kind reads `column`.
    pub fn knows(&self, column: &str) -> bool {
        self.standard.contains(&column) || self.extra.contains(&column)
    }

    /// The name the kind knows `column` by: itself, or the current name of a former one.
    pub fn current<'a>(&self, column: &'a str) -> &'a str {
        if self.knows(column) {
            return column;
        }
        DEPRECATED
            .iter()
            .find(|(old, new)| *old == column && self.knows(new))
            .map_or(column, |(_, new)| new)
    }
}

/// The columns of a file, by name.
#[derive(Debug, Clone)]
pub struct Header {
    index: HashMap<String, usize>,
    width: usize,
}

impl Header {
    /// Reads the header `fields`, checking that every required column is present and every
    /// column known.
    pub fn parse(fields: &[String], columns: &Columns) -> Result<Self, Vec<String>> {
        let mut index = HashMap::new();
        // How each column was written (a former name, or the current one).
        let mut spelled: HashMap<String, String> = HashMap::new();
        let mut problems = Vec::new();
        let mut unknown = Vec::new();
        for (i, name) in fields.iter().enumerate() {
            let written = name.trim().to_ascii_lowercase();
            if written.is_empty() {
                continue;
            }
            let name = columns.current(&written).to_owned();
            if !columns.knows(&name) {
                unknown.push(name.clone());
            }
            let first = spelled.insert(name.clone(), written.clone());
            if index.insert(name.clone(), i).is_some() {
                let former = [Some(&written), first.as_ref()]
                    .into_iter()
                    .flatten()
                    .find(|w| **w != name);
                match former {
                    None => problems.push(format!("column {name} appears twice")),
                    Some(old) => problems.push(format!(
                        "column {name} appears twice ({old} is its former name)"
                    )),
                }
            }
        }
        let missing: Vec<&str> = columns
            .required
            .iter()
            .copied()
            .filter(|c| !index.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            let mut problem = format!(
                "the header lacks the required column(s) {}; see docs/import-format.md",
                missing.join(", ")
            );
            if let [only] = fields
                && only.contains([';', ',', '\t', '|'])
            {
                problem.push_str(&format!(
                    " (the header was read as the one column '{only}': the columns are separated by a comma, a semicolon or a tab)"
                ));
            }
            problems.push(problem);
        }
        if !unknown.is_empty() {
            problems.push(format!(
                "unknown column(s) {}: this kind has the columns {} and may have {}",
                unknown.join(", "),
                columns.standard.join(", "),
                if columns.extra.is_empty() {
                    "no others".to_owned()
                } else {
                    columns.extra.join(", ")
                }
            ));
        }
        if problems.is_empty() {
            Ok(Self {
                index,
                width: fields.len(),
            })
        } else {
            Err(problems)
        }
    }

    /// Number of cells every record must have.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The name of the column at `position` (for messages), or its 1-based number.
    pub fn name_of(&self, position: usize) -> String {
        self.index
            .iter()
            .find(|(_, i)| **i == position)
            .map_or_else(|| format!("column {}", position + 1), |(n, _)| n.clone())
    }

    /// True when the file has `column`.
    pub fn has(&self, column: &str) -> bool {
        self.index.contains_key(column)
    }

    /// The cell of `column` in `cells`, trimmed; `None` when the column is absent or the cell
    /// empty (a missing value).
    pub fn get<'a>(&self, cells: &'a [String], column: &str) -> Option<&'a str> {
        let cell = cells.get(*self.index.get(column)?)?.trim();
        (!cell.is_empty()).then_some(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(s: &str) -> Vec<String> {
        s.split(',').map(str::to_owned).collect()
    }

    const COLUMNS: Columns = Columns {
        required: &["center", "patient"],
        standard: &["center", "patient", "sex"],
        extra: &["extra"],
    };

    #[test]
    fn columns_in_any_order_and_case_with_extras() {
        let h = Header::parse(&fields(" Patient,extra,CENTER"), &COLUMNS)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let cells = fields("p1, x , AAA");
        assert_eq!(h.get(&cells, "center"), Some("AAA"));
        assert_eq!(h.get(&cells, "patient"), Some("p1"));
        assert_eq!(h.get(&cells, "nope"), None);
        assert_eq!(h.width(), 3);
    }

    #[test]
    fn former_names_are_read_as_the_current_ones() {
        let columns = Columns {
            required: &["center", "verbatim_term"],
            standard: &["center", "verbatim_term", "ctcae_grade"],
            extra: &[],
        };
        let h = Header::parse(&fields("center,Term,grade"), &columns)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let cells = fields("AAA,rash,2");
        assert_eq!(h.get(&cells, "verbatim_term"), Some("rash"));
        assert_eq!(h.get(&cells, "ctcae_grade"), Some("2"));
        let e = Header::parse(&fields("center,term,verbatim_term"), &columns)
            .err()
            .unwrap_or_default();
        assert_eq!(
            e,
            ["column verbatim_term appears twice (term is its former name)"]
        );
    }

    #[test]
    fn missing_and_repeated_columns_are_named() {
        let e = Header::parse(&fields("center,center,colour"), &COLUMNS)
            .err()
            .unwrap_or_default();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].contains("twice") && e[1].contains("patient"), "{e:?}");
        assert!(e[2].starts_with("unknown column(s) colour:"), "{e:?}");
    }
}

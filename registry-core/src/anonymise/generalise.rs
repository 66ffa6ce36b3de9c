//! Generalisation of quasi-identifiers.

/// The 5-year age band of `age_years` (`"30-34"`), with 90 and over collapsed to `"90+"`.
pub fn age_band(age_years: u32) -> String {
    if age_years >= 90 {
        return "90+".to_owned();
    }
    let low = age_years / 5 * 5;
    format!("{low}-{}", low + 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_bands_of_five_years_with_90_plus() {
        assert_eq!(age_band(0), "0-4");
        assert_eq!(age_band(4), "0-4");
        assert_eq!(age_band(5), "5-9");
        assert_eq!(age_band(30), "30-34");
        assert_eq!(age_band(34), "30-34");
        assert_eq!(age_band(89), "85-89");
        assert_eq!(age_band(90), "90+");
        assert_eq!(age_band(104), "90+");
    }
}

//! ANSI decoration shared by the summary renderers.

/// Green.
pub(crate) const GREEN: &str = "32";
/// Red.
pub(crate) const RED: &str = "31";
/// Cyan.
pub(crate) const CYAN: &str = "36";
/// White.
pub(crate) const WHITE: &str = "37";
/// Faint style.
pub(crate) const FAINT: &str = "2";

/// Wraps text in ANSI codes when colours are on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) colors: bool,
}

impl Style {
    /// `ESC[<codes joined by ;>m text ESC[0m`, or `text` without colours.
    pub(crate) fn codes(&self, text: &str, codes: &[&str]) -> String {
        if !self.colors {
            return text.to_string();
        }
        format!("\x1b[{}m{text}\x1b[0m", codes.join(";"))
    }

    /// Bold text.
    pub(crate) fn bold(&self, text: &str) -> String {
        self.codes(text, &["1"])
    }
}

/// Display width: characters, not bytes (inputs never carry escape codes here).
pub(crate) fn width(s: &str) -> usize {
    s.chars().count()
}

/// Spaces to pad `s` to `w` columns.
pub(crate) fn pad(s: &str, w: usize) -> String {
    " ".repeat(w.saturating_sub(width(s)))
}

/// An approximation of JavaScript's `localeCompare` (root collation): punctuation before
/// digits before letters, letters compared case-insensitively first, lowercase first on ties.
pub(crate) fn locale_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn class(c: char) -> (u8, char) {
        if c.is_alphabetic() {
            (2, c.to_lowercase().next().unwrap_or(c))
        } else if c.is_ascii_digit() {
            (1, c)
        } else {
            (0, c)
        }
    }
    let primary = a.chars().map(class).cmp(b.chars().map(class));
    primary.then_with(|| {
        let case = |s: &str| s.chars().map(|c| c.is_uppercase()).collect::<Vec<_>>();
        case(a).cmp(&case(b))
    })
}

/// Sorts metric names by parent name, then by the `{...}` part (sub-metrics after their parent).
pub(crate) fn sort_metric_names(names: &mut [String]) {
    names.sort_by(|a, b| {
        let pa = a.split('{').next().unwrap_or(a);
        let pb = b.split('{').next().unwrap_or(b);
        locale_cmp(pa, pb).then_with(|| locale_cmp(&a[pa.len()..], &b[pb.len()..]))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_locale_compare() {
        let mut names: Vec<String> =
            ["zz_trend", "B_rate", "aa_counter", "a1_gauge", "zz_trend{x:1}", "iterations", "iteration_duration"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        sort_metric_names(&mut names);
        assert_eq!(
            names,
            ["a1_gauge", "aa_counter", "B_rate", "iteration_duration", "iterations", "zz_trend", "zz_trend{x:1}"]
        );
    }

    #[test]
    fn decorates_only_with_colors() {
        assert_eq!(Style { colors: false }.codes("x", &[FAINT, WHITE]), "x");
        assert_eq!(Style { colors: true }.codes("x", &[FAINT, WHITE]), "\x1b[2;37mx\x1b[0m");
    }
}

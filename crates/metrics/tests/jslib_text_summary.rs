//! The k6-summary jslib's `textSummary`: the legacy layout with its own Rate rendering and
//! code-unit sorting, driven by `data.options`.

use crate::common;

use common::*;
use metrics::{DataContext, SummaryMode, jslib_text_summary, render_text_summary};
use serde_json::Value;

#[test]
fn jslib_differs_from_builtin_legacy_only_in_rates_and_sorting() {
    let r = replay("probe-legacy", thresholds::probe(), &DEFAULT_STATS, false, &[]);
    let data = r.report.to_data(&DataContext::default());
    let builtin = render_text_summary(&r.report, &opts(SummaryMode::Legacy, &DEFAULT_STATS, ""));
    let jslib = jslib_text_summary(&data, " ", false);

    // Same group tree.
    let tree = |s: &str| s.lines().take_while(|l| !l.contains("....")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(tree(&jslib), tree(builtin.trim_start_matches('\n')));
    // Rates as passes/fails marks.
    let checks = jslib.lines().find(|l| l.contains(" checks.")).unwrap();
    assert!(checks.contains(": 62.50%  ✓ 5 "), "{checks:?}");
    assert!(checks.trim_end().ends_with(" ✗ 3"), "{checks:?}");
    // Code-unit order puts upper case first.
    let names: Vec<&str> = jslib
        .lines()
        .filter(|l| l.contains("...:"))
        .map(|l| l.trim_start().trim_start_matches(['✓', '✗']).trim_start().split('.').next().unwrap())
        .collect();
    assert_eq!(names[0], "B_rate");
    assert!(names.iter().position(|n| *n == "a1_gauge") < names.iter().position(|n| *n == "aa_counter"));
    // No leading or trailing newline, unlike the built-in stdout text.
    assert!(!jslib.starts_with('\n') && !jslib.ends_with('\n'));
}

#[test]
fn jslib_indent_and_colors() {
    let data: Value = serde_json::from_str(&read("k6-samples/03-handlesummary.data-arg.json")).unwrap();
    let plain = jslib_text_summary(&data, "", false);
    assert!(plain.starts_with("    █ g1\n"), "{plain:?}");
    assert!(plain.contains("\n  ✗ my_rate"));
    let colored = jslib_text_summary(&data, " ", true);
    assert!(colored.contains("\x1b[32m"));
    assert!(colored.contains("\x1b[36;2m"));
}

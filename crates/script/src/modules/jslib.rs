//! Built-in stand-ins for the jslib.k6.io libraries scripts import most, so that those
//! imports work offline and without fetching third-party code at init:
//!
//! - `https://jslib.k6.io/k6-utils/<version>/index.js`: `randomIntBetween`, `randomItem`,
//!   `randomString`, `uuidv4`, `findBetween`, the Promise-aware `check`,
//!   `normalDistributionStages` (an approximation of the jslib's curve), `getCurrentStageIndex`,
//!   `tagWithCurrentStageIndex`, `tagWithCurrentStageProfile`. It imports `k6`, `k6/crypto`
//!   and `k6/execution`; the stage helpers read `exec.test.options.scenarios[name].stages` and
//!   `exec.scenario.startTime` and write `exec.vu.tags`.
//! - `https://jslib.k6.io/k6-summary/<version>/index.js`: `textSummary`, `humanizeValue`,
//!   `jUnit`, `jUnitForChecks`.
//!
//! **Contract with the runtime** for k6-summary: `textSummary` and `humanizeValue` call two
//! globals, `__stampede_text_summary(dataJson, optsJson)` and
//! `__stampede_humanize_value(value, metricJson, timeUnit)`, which
//! [`install_summary_natives`] defines from the metrics crate's renderers. Call it once per
//! runtime (with the other globals, or when the k6-summary URL is first loaded). Without them
//! those two functions throw `k6-summary: this runner does not provide <name>`.

pub use super::summary_natives::install_summary_natives;

const K6_UTILS: &str = include_str!("jslib/k6_utils.js");
const K6_SUMMARY: &str = include_str!("jslib/k6_summary.js");

/// ES module source for a known jslib URL (any version), or `None` to fetch it normally.
pub fn jslib_source_for_url(url: &str) -> Option<&'static str> {
    let path = url.strip_prefix("https://jslib.k6.io/")?;
    let mut parts = path.split('/');
    let (library, version, file) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || version.is_empty() || file != "index.js" {
        return None;
    }
    match library {
        "k6-utils" => Some(K6_UTILS),
        "k6-summary" => Some(K6_SUMMARY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::jslib_source_for_url;

    #[test]
    fn matches_known_libraries_at_any_version() {
        assert!(
            jslib_source_for_url("https://jslib.k6.io/k6-utils/1.4.0/index.js").unwrap().contains("randomIntBetween")
        );
        assert!(jslib_source_for_url("https://jslib.k6.io/k6-utils/1.0.0/index.js").is_some());
        assert!(jslib_source_for_url("https://jslib.k6.io/k6-summary/0.0.2/index.js").unwrap().contains("textSummary"));
        assert!(jslib_source_for_url("https://jslib.k6.io/k6-summary/0.1.0/index.js").is_some());
    }

    #[test]
    fn leaves_everything_else_alone() {
        for url in [
            "https://jslib.k6.io/papaparse/5.1.1/index.js",
            "https://jslib.k6.io/k6-utils/1.4.0/other.js",
            "https://jslib.k6.io/k6-utils//index.js",
            "http://jslib.k6.io/k6-utils/1.4.0/index.js",
            "https://example.com/k6-utils/1.4.0/index.js",
            "https://jslib.k6.io/k6-utils/1.4.0/index.js/x",
        ] {
            assert_eq!(jslib_source_for_url(url), None, "{url}");
        }
    }
}

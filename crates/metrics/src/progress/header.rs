//! The execution header printed before a test starts.

/// What the header shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeaderInfo {
    /// The script argument as typed.
    pub script: String,
    /// Output descriptions (`json (o.json)`); empty for none.
    pub outputs: Vec<String>,
    /// Execution segment length in percent (100 for a whole test).
    pub segment_percent: f64,
    /// Max possible VUs of this instance.
    pub max_vus: u64,
    /// Max test duration in Go format, rounded to 100 ms (`10m30s`).
    pub max_duration: String,
    /// One `(name, description)` per scenario, already sorted by (startTime, name).
    pub scenarios: Vec<(String, String)>,
    /// Colour values cyan (stdout is a TTY).
    pub colors: bool,
}

/// The header text, ending with a blank line.
pub fn render_header(h: &HeaderInfo) -> String {
    let c = |s: &str| {
        if h.colors {
            format!("\x1b[36m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let outputs = if h.outputs.is_empty() {
        "-".to_string()
    } else {
        h.outputs.join(", ")
    };
    let n = h.scenarios.len();
    let summary = format!(
        "({:.2}%) {n} scenario{}, {} max VUs, {} max duration (incl. graceful stop):",
        h.segment_percent,
        if n == 1 { "" } else { "s" },
        h.max_vus,
        h.max_duration
    );
    let mut out = format!(
        "     execution: {}\n        script: {}\n        output: {}\n\n     scenarios: {}\n",
        c("local"),
        c(&h.script),
        c(&outputs),
        c(&summary)
    );
    for (name, desc) in &h.scenarios {
        out.push_str(&format!("              * {name}: {desc}\n"));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_k6_header() {
        let h = HeaderInfo {
            script: "basic.js".into(),
            outputs: vec![],
            segment_percent: 100.0,
            max_vus: 2,
            max_duration: "10m30s".into(),
            scenarios: vec![(
                "default".into(),
                "6 iterations shared among 2 VUs (maxDuration: 10m0s, gracefulStop: 30s)".into(),
            )],
            colors: false,
        };
        assert_eq!(
            render_header(&h),
            "     execution: local\n        script: basic.js\n        output: -\n\n     scenarios: (100.00%) 1 scenario, 2 max VUs, 10m30s max duration (incl. graceful stop):\n              * default: 6 iterations shared among 2 VUs (maxDuration: 10m0s, gracefulStop: 30s)\n\n"
        );
        let colored = render_header(&HeaderInfo {
            colors: true,
            outputs: vec!["json (o.json)".into(), "csv (o.csv)".into()],
            ..h
        });
        assert!(colored.contains("        output: \x1b[36mjson (o.json), csv (o.csv)\x1b[0m\n"));
    }
}

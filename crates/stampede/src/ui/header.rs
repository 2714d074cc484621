//! The execution header printed before a run (spec k6-core §8.1).

use engine::options::{GoDuration, Options, execution_requirements};
use engine::segment::ExecutionTuple;

/// The header text, ending with a blank line, as k6 prints it.
pub(crate) fn header(
    script_arg: &str,
    outputs: &[String],
    options: &Options,
    tuple: &ExecutionTuple,
    color: bool,
) -> String {
    let paint = |s: &str| if color { format!("\x1b[36m{s}\x1b[0m") } else { s.to_string() };
    let req = execution_requirements(options, tuple);
    let scenarios = options.sorted_scenarios();
    let count = scenarios.len();
    let output = if outputs.is_empty() { "-".to_string() } else { outputs.join(", ") };
    let mut out = String::new();
    out.push_str(&format!("     execution: {}\n", paint("local")));
    out.push_str(&format!("        script: {}\n", paint(script_arg)));
    out.push_str(&format!("        output: {}\n\n", paint(&output)));
    out.push_str(&format!(
        "     scenarios: {} {} {}, {} max VUs, {} max duration (incl. graceful stop):\n",
        paint(&format!("({:.2}%)", tuple.share().to_f64() * 100.0)),
        paint(&count.to_string()),
        if count == 1 { "scenario" } else { "scenarios" },
        paint(&req.max_vus.to_string()),
        paint(&round_to_tenth(req.total_duration).to_string()),
    ));
    for (name, scenario) in scenarios {
        out.push_str(&format!("              * {}: {}\n", name, scenario.describe(tuple)));
    }
    out.push('\n');
    out
}

/// k6 rounds the max duration to 100 ms in the header.
fn round_to_tenth(d: GoDuration) -> GoDuration {
    const TENTH: i64 = 100_000_000;
    GoDuration((d.0 + TENTH / 2) / TENTH * TENTH)
}

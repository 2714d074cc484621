//! The legacy text summary (`--summary-mode=legacy`) and the k6-summary jslib's `textSummary`,
//! both rendered from the `handleSummary` data JSON.
//!
//! The two differ in small ways: the jslib shows Rate metrics as `✓ passes ✗ fails` instead of
//! `passes out of total`, and sorts metric names by code unit instead of by locale.

use serde_json::Value;

use super::humanize::humanize_value;
use super::number::js_to_string;
use super::style::{pad, sort_metric_names, width};

/// Which of the two legacy-style renderers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// k6's built-in legacy summary.
    Builtin,
    /// jslib k6-summary 0.0.2 `textSummary`.
    Jslib,
}

/// Rendering options (k6 merges defaults, `data.options` and the caller's options).
pub(crate) struct LegacyOptions<'a> {
    pub(crate) indent: &'a str,
    pub(crate) colors: bool,
    pub(crate) time_unit: String,
    pub(crate) trend_stats: Vec<String>,
    pub(crate) flavor: Flavor,
}

struct Deco(bool);

impl Deco {
    fn d(&self, text: &str, codes: &[u8]) -> String {
        if !self.0 {
            return text.to_string();
        }
        let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        format!("\x1b[{}m{text}\x1b[0m", codes.join(";"))
    }
}

const GREEN: u8 = 32;
const RED: u8 = 31;
const CYAN: u8 = 36;
const FAINT: u8 = 2;

/// Renders the lines joined with `\n` (no leading or trailing newline).
pub(crate) fn render(data: &Value, opts: &LegacyOptions<'_>) -> String {
    let deco = Deco(opts.colors);
    let mut lines = Vec::new();
    if let Some(root) = data.get("root_group") {
        group_lines(&format!("{}    ", opts.indent), root, &deco, &mut lines);
    }
    metric_lines(data, opts, &deco, &mut lines);
    lines.join("\n")
}

fn list(v: &Value, key: &str) -> Vec<Value> {
    match v.get(key) {
        Some(Value::Array(a)) => a.clone(),
        Some(Value::Object(o)) => o.values().cloned().collect(),
        _ => Vec::new(),
    }
}

fn num(v: &Value, key: &str) -> f64 {
    v.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

fn group_lines(indent: &str, group: &Value, deco: &Deco, out: &mut Vec<String>) {
    let mut indent = indent.to_string();
    let name = group.get("name").and_then(Value::as_str).unwrap_or("");
    if !name.is_empty() {
        out.push(format!("{indent}█ {name}\n"));
        indent.push_str("  ");
    }
    let checks = list(group, "checks");
    for c in &checks {
        let cname = c.get("name").and_then(Value::as_str).unwrap_or("");
        let (passes, fails) = (num(c, "passes"), num(c, "fails"));
        if fails == 0.0 {
            out.push(deco.d(&format!("{indent}✓ {cname}"), &[GREEN]));
        } else {
            let pct = ((100.0 * passes) / (passes + fails)).floor();
            out.push(deco.d(
                &format!(
                    "{indent}✗ {cname}\n{indent} ↳  {}% — ✓ {} / ✗ {}",
                    js_to_string(pct),
                    js_to_string(passes),
                    js_to_string(fails)
                ),
                &[RED],
            ));
        }
    }
    if !checks.is_empty() {
        out.push(String::new());
    }
    for g in list(group, "groups") {
        group_lines(&indent, &g, deco, out);
    }
}

fn display_name(name: &str) -> (String, &'static str) {
    match name.find('{') {
        Some(pos) => (format!("{{ {} }}", &name[pos + 1..name.len().saturating_sub(1)]), "  "),
        None => (name.to_string(), ""),
    }
}

fn metric_lines(data: &Value, opts: &LegacyOptions<'_>, deco: &Deco, out: &mut Vec<String>) {
    let Some(Value::Object(metrics)) = data.get("metrics") else {
        return;
    };
    let mut name_max = 0;
    let mut main_max = 0;
    let mut extra_max: Vec<usize> = vec![0, 0];
    let mut trend_max = vec![0usize; opts.trend_stats.len()];
    let mut cols: Vec<(String, bool, Vec<String>)> = Vec::new();
    for (name, m) in metrics {
        let (disp, ind) = display_name(name);
        name_max = name_max.max(width(ind) + width(&disp));
        let mtype = m.get("type").and_then(Value::as_str).unwrap_or("");
        let contains = m.get("contains").and_then(Value::as_str).unwrap_or("");
        let values = m.get("values").cloned().unwrap_or(Value::Null);
        let h = |v: f64| humanize_value(v, mtype, contains, &opts.time_unit);
        if mtype == "trend" {
            let c: Vec<String> = opts
                .trend_stats
                .iter()
                .map(|stat| match values.get(stat).and_then(Value::as_f64) {
                    None => "undefined".to_string(),
                    Some(v) if stat == "count" => js_to_string(v),
                    Some(v) => h(v),
                })
                .collect();
            for (i, s) in c.iter().enumerate() {
                trend_max[i] = trend_max[i].max(width(s));
            }
            cols.push((name.clone(), true, c));
            continue;
        }
        let c: Vec<String> = match mtype {
            "counter" => vec![h(num(&values, "count")), format!("{}/s", h(num(&values, "rate")))],
            "gauge" => vec![
                h(num(&values, "value")),
                format!("min={}", h(num(&values, "min"))),
                format!("max={}", h(num(&values, "max"))),
            ],
            "rate" if opts.flavor == Flavor::Jslib => vec![
                h(num(&values, "rate")),
                format!("✓ {}", js_to_string(num(&values, "passes"))),
                format!("✗ {}", js_to_string(num(&values, "fails"))),
            ],
            "rate" => vec![
                h(num(&values, "rate")),
                format!(
                    "{} out of {}",
                    js_to_string(num(&values, "passes")),
                    js_to_string(num(&values, "passes") + num(&values, "fails"))
                ),
            ],
            _ => vec!["[no data]".to_string()],
        };
        main_max = main_max.max(width(&c[0]));
        for (i, e) in c.iter().skip(1).enumerate() {
            if extra_max.len() <= i {
                extra_max.resize(i + 1, 0);
            }
            extra_max[i] = extra_max[i].max(width(e));
        }
        cols.push((name.clone(), false, c));
    }
    let mut names: Vec<String> = metrics.keys().cloned().collect();
    match opts.flavor {
        Flavor::Builtin => sort_metric_names(&mut names),
        Flavor::Jslib => names.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16())),
    }
    let indent = format!("{}  ", opts.indent);
    for name in names {
        let Some((_, trend, c)) = cols.iter().find(|(n, _, _)| *n == name) else {
            continue;
        };
        let m = &metrics[&name];
        let mut mark = " ".to_string();
        if let Some(Value::Object(th)) = m.get("thresholds") {
            let failed = th.values().any(|t| t.get("ok").and_then(Value::as_bool) == Some(false));
            mark = if failed { deco.d("✗", &[RED]) } else { deco.d("✓", &[GREEN]) };
        }
        let (disp, ind) = display_name(&name);
        let dots = (name_max + 3).saturating_sub(width(&disp) + width(ind));
        let data_part = if *trend {
            c.iter()
                .enumerate()
                .map(|(i, v)| {
                    format!(
                        "{}={}{}",
                        opts.trend_stats[i],
                        deco.d(v, &[CYAN]),
                        " ".repeat(trend_max[i].saturating_sub(width(v)))
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            let mut s = format!("{}{}", deco.d(&c[0], &[CYAN]), pad(&c[0], main_max));
            let extras = &c[1..];
            if extras.len() == 1 {
                s.push(' ');
                s.push_str(&deco.d(&extras[0], &[CYAN, FAINT]));
            } else if extras.len() > 1 {
                let parts: Vec<String> = extras
                    .iter()
                    .enumerate()
                    .map(|(i, e)| format!("{}{}", deco.d(e, &[CYAN, FAINT]), pad(e, extra_max[i])))
                    .collect();
                s.push(' ');
                s.push_str(&parts.join(" "));
            }
            s
        };
        out.push(format!(
            "{indent}{ind}{mark} {disp}{} {data_part}",
            deco.d(&format!("{}:", ".".repeat(dots)), &[FAINT])
        ));
    }
}

//! `--out` flag values parsed into validated output specifications.

use std::time::Duration;

use crate::output::{CsvOutput, JsonOutput, Output};
use crate::threshold::{Thresholds, parse_go_duration};

/// The system tags k6 writes as CSV columns by default (enabled system tags minus `vu`/`iter`).
pub const DEFAULT_CSV_SYSTEM_TAGS: [&str; 14] = [
    "check",
    "error",
    "error_code",
    "expected_response",
    "group",
    "method",
    "name",
    "proto",
    "scenario",
    "service",
    "status",
    "subproto",
    "tls_version",
    "url",
];

/// k6's output type names, listed in its unknown-type error.
const K6_OUTPUT_TYPES: &str =
    "cloud, csv, experimental-opentelemetry, experimental-prometheus-rw, influxdb, json, statsd, web-dashboard";

/// Why an `--out` value was rejected or an output could not start.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Not an output type k6 knows.
    #[error("invalid output type '{0}', available types are: {K6_OUTPUT_TYPES}")]
    UnknownType(String),
    /// A k6 output type Stampede does not implement.
    #[error("output type '{0}' is not supported by Stampede; supported types are: csv, json")]
    Unsupported(String),
    /// A malformed `csv=` option.
    #[error("invalid csv output option '{0}'")]
    CsvOption(String),
    /// The destination could not be opened.
    #[error("open {path}: {source}")]
    Open {
        /// The file name.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl OutputError {
    /// The process exit code k6 uses for this error (k6 exits with -1, i.e. 255, for both
    /// unknown output types and outputs that cannot start).
    pub fn exit_code(&self) -> i32 {
        255
    }
}

/// How CSV timestamps are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvTimeFormat {
    /// Unix seconds (default).
    #[default]
    Unix,
    /// Unix milliseconds.
    UnixMilli,
    /// Unix microseconds.
    UnixMicro,
    /// Unix nanoseconds.
    UnixNano,
    /// RFC 3339 with seconds.
    Rfc3339,
    /// RFC 3339 with nanoseconds.
    Rfc3339Nano,
}

impl CsvTimeFormat {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "unix" => Self::Unix,
            "unix_milli" => Self::UnixMilli,
            "unix_micro" => Self::UnixMicro,
            "unix_nano" => Self::UnixNano,
            "rfc3339" => Self::Rfc3339,
            "rfc3339_nano" => Self::Rfc3339Nano,
            _ => return None,
        })
    }
}

/// A validated `--out` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputSpec {
    /// NDJSON; `None` (or `-`) is stdout.
    Json {
        /// File name.
        path: Option<String>,
    },
    /// CSV.
    Csv {
        /// File name (`file.csv` by default, `-` is stdout).
        path: String,
        /// How often buffered rows are written.
        save_interval: Duration,
        /// Timestamp format.
        time_format: CsvTimeFormat,
    },
}

impl OutputSpec {
    /// The description for the execution header (`json (o.json)`, `json(stdout)`, `csv (file.csv)`).
    pub fn description(&self) -> String {
        match self {
            OutputSpec::Json { path: None } => "json(stdout)".into(),
            OutputSpec::Json { path: Some(p) } if p == "-" => "json(stdout)".into(),
            OutputSpec::Json { path: Some(p) } => format!("json ({p})"),
            OutputSpec::Csv { path, .. } => format!("csv ({path})"),
        }
    }

    /// Opens the output. `thresholds` feed the JSON `Metric` lines; `csv_system_tags` are the
    /// enabled system tags that get their own CSV column (see [`DEFAULT_CSV_SYSTEM_TAGS`]).
    pub fn open(&self, thresholds: &Thresholds, csv_system_tags: &[&str]) -> Result<Box<dyn Output>, OutputError> {
        let open_err = |path: &str| {
            let path = path.to_string();
            move |source| OutputError::Open { path, source }
        };
        Ok(match self {
            OutputSpec::Json { path } => {
                let p = path.as_deref();
                Box::new(
                    JsonOutput::open(p, thresholds.clone(), self.description()).map_err(open_err(p.unwrap_or("-")))?,
                )
            }
            OutputSpec::Csv { path, save_interval, time_format } => Box::new(
                CsvOutput::open(path, csv_system_tags, *time_format, *save_interval, self.description())
                    .map_err(open_err(path))?,
            ),
        })
    }
}

/// Parses `--out` values (`json`, `json=file`, `csv=file.gz`, `csv=fileName=x,timeFormat=unix`).
pub fn parse_outputs(values: &[String]) -> Result<Vec<OutputSpec>, OutputError> {
    values.iter().map(|v| parse_one(v)).collect()
}

fn parse_one(value: &str) -> Result<OutputSpec, OutputError> {
    let (kind, arg) = match value.split_once('=') {
        Some((k, a)) => (k, Some(a)),
        None => (value, None),
    };
    match kind {
        "json" => Ok(OutputSpec::Json { path: arg.filter(|a| !a.is_empty()).map(str::to_string) }),
        "csv" => parse_csv(arg),
        "cloud"
        | "influxdb"
        | "experimental-opentelemetry"
        | "experimental-prometheus-rw"
        | "statsd"
        | "web-dashboard" => Err(OutputError::Unsupported(kind.to_string())),
        other => Err(OutputError::UnknownType(other.to_string())),
    }
}

fn parse_csv(arg: Option<&str>) -> Result<OutputSpec, OutputError> {
    let mut path = "file.csv".to_string();
    let mut save_interval = Duration::from_secs(1);
    let mut time_format = CsvTimeFormat::Unix;
    match arg {
        None | Some("") => {}
        Some(a) if !a.contains('=') => path = a.to_string(),
        Some(a) => {
            for part in a.split(',') {
                let (k, v) = part.split_once('=').ok_or_else(|| OutputError::CsvOption(part.into()))?;
                match k {
                    "fileName" => path = v.to_string(),
                    "saveInterval" => {
                        save_interval = parse_go_duration(v).map_err(|_| OutputError::CsvOption(part.into()))?
                    }
                    "timeFormat" => {
                        time_format = CsvTimeFormat::parse(v).ok_or_else(|| OutputError::CsvOption(part.into()))?
                    }
                    _ => return Err(OutputError::CsvOption(part.into())),
                }
            }
        }
    }
    Ok(OutputSpec::Csv { path, save_interval, time_format })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: &[&str]) -> Result<Vec<OutputSpec>, OutputError> {
        parse_outputs(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_json_and_csv_forms() {
        let specs =
            parse(&["json", "json=o.json", "csv=x.csv.gz", "csv=fileName=y.csv,timeFormat=rfc3339,saveInterval=2s"])
                .unwrap();
        assert_eq!(specs[0].description(), "json(stdout)");
        assert_eq!(specs[1].description(), "json (o.json)");
        assert_eq!(specs[2].description(), "csv (x.csv.gz)");
        assert_eq!(
            specs[3],
            OutputSpec::Csv {
                path: "y.csv".into(),
                save_interval: Duration::from_secs(2),
                time_format: CsvTimeFormat::Rfc3339
            }
        );
        assert_eq!(parse(&["csv"]).unwrap()[0].description(), "csv (file.csv)");
    }

    #[test]
    fn unknown_types_use_k6_text() {
        assert_eq!(
            parse(&["foo"]).unwrap_err().to_string(),
            "invalid output type 'foo', available types are: cloud, csv, experimental-opentelemetry, experimental-prometheus-rw, influxdb, json, statsd, web-dashboard"
        );
        assert!(matches!(parse(&["influxdb=http://x"]), Err(OutputError::Unsupported(_))));
        assert!(matches!(parse(&["csv=bogus=1"]), Err(OutputError::CsvOption(_))));
    }
}

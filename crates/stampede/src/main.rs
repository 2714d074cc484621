//! The `stampede` command line: parses flags, runs one command, exits with k6's exit codes.

mod limits;
mod protocols;
mod run;
mod ui;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let code = match args.get(1).map(String::as_str) {
        Some("run") => run::run(temporary_request(&args[2..])),
        _ => {
            eprintln!("usage: stampede run [flags] SCRIPT");
            2
        }
    };
    std::process::exit(code);
}

/// Until the flag definitions land: the few flags the pipeline is tested with.
fn temporary_request(args: &[String]) -> run::RunRequest {
    let mut req = run::RunRequest {
        script_arg: String::new(),
        env_flags: Vec::new(),
        include_system_env_vars: true,
        config_file: None,
        cli: Default::default(),
        threads: None,
        quiet: false,
        verbose: false,
        no_color: false,
        log_format: script::log::LogFormat::Text,
        log_output: None,
        console_output: None,
        no_summary: false,
        no_thresholds: false,
        summary_mode: None,
        summary_export: None,
    };
    let mut it = args.iter();
    let mut out = Vec::new();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-q" => req.quiet = true,
            "-u" => req.cli.options.vus = it.next().and_then(|v| v.parse().ok()),
            "-i" => req.cli.options.iterations = it.next().and_then(|v| v.parse().ok()),
            "-d" => req.cli.options.duration = it.next().and_then(|v| engine::options::parse_go_duration(v).ok()),
            "-e" => {
                if let Some((k, v)) = it.next().and_then(|kv| kv.split_once('=')) {
                    req.env_flags.push((k.into(), v.into()));
                }
            }
            "--out" | "-o" => out.extend(it.next().cloned()),
            s if s.starts_with("--summary-export=") => req.summary_export = Some(s[17..].into()),
            s if s.starts_with("--log-format=") => req.log_format = script::log::LogFormat::from_flag(&s[13..]),
            s if s.starts_with("--summary-mode=") => req.summary_mode = Some(s[15..].into()),
            s => req.script_arg = s.to_string(),
        }
    }
    if !out.is_empty() {
        req.cli.out = Some(out);
    }
    req
}

//! The `stampede` command line: parses flags, runs one command, exits with k6's exit codes.

mod cli;
mod commands;
mod grpc_cmd;
mod limits;
mod protocols;
mod run;
mod ui;

use cli::Command;

/// mimalloc for the whole process (and, through `script`, for every VU's QuickJS heap): against the C
/// library's malloc it took 5-17% less CPU per unary RPC (more with more VUs) and ~15% less time to
/// start 10,000 VUs on the benchmark machine.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(real_main());
}

fn real_main() -> i32 {
    let parsed = match cli::parse_args(std::env::args_os()) {
        Ok(c) => c,
        Err(e) if e.exit_code() == 0 => {
            let _ = e.print();
            return 0;
        }
        Err(e) => {
            commands::log_error(&cli::k6_error_text(&e));
            return run::exit::ExitCode::GENERIC;
        }
    };
    if parsed.version {
        return commands::version(false);
    }
    match parsed.command {
        Some(Command::Run(args)) => match run::RunRequest::from_cli(&parsed.global, &args) {
            Ok(req) => run::run(req),
            Err((code, message)) => {
                commands::log_error(&message);
                code
            }
        },
        Some(Command::Inspect(args)) => commands::inspect(&parsed.global, &args),
        Some(Command::Version(args)) => commands::version(args.json),
        Some(Command::Testserver(args)) => commands::testserver(&args),
        Some(Command::Demo(args)) => commands::demo(&args),
        Some(Command::Grpc(args)) => grpc_cmd::run(args.args),
        None => {
            let _ = <cli::Cli as clap::CommandFactory>::command().print_help();
            0
        }
    }
}

//! The `stampede` command line.
use std::sync::Arc;
use std::time::Duration;

use engine::executor::{ConstantVus, SharedIterations};
use engine::{ExecutionPlan, ExecutorPlan, ScenarioPlan};
use script::{Program, ProgramConfig, VuPool};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let script = args.iter().skip(2).find(|a| a.ends_with(".js")).cloned().expect("script");
    let get = |f: &str| args.iter().position(|a| a == f).and_then(|i| args.get(i + 1)).cloned();
    let vus: u64 = get("-u").map(|v| v.parse().unwrap()).unwrap_or(1);
    let iterations: Option<u64> = get("-i").map(|v| v.parse().unwrap());
    let duration: Option<u64> = get("-d").map(|v| v.trim_end_matches('s').parse().unwrap());
    let registry = metrics::Registry::new();
    let (tx, rx) = metrics::sample_channel();
    let program = Program::new(ProgramConfig {
        script: script.into(),
        env: std::env::vars().collect(),
        samples: tx,
        registry: registry.clone(),
        logger: Arc::new(script::log::Logger::stderr(script::log::LogFormat::Text, false)),
        extra_modules: vec![],
    })
    .unwrap();
    let drain = std::thread::spawn(move || {
        let mut counts = std::collections::BTreeMap::<u32, (u64, f64)>::new();
        for batch in rx {
            for s in batch {
                let e = counts.entry(s.metric.0).or_default();
                e.0 += 1;
                e.1 += s.value;
            }
        }
        counts
    });
    let pool = VuPool::new(program.clone(), 2).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let outcome = rt.block_on(async {
        let (vu0, info) = pool.spawn_vu(0, 0, true).await.unwrap();
        drop(vu0);
        eprintln!("exports: {:?} options: {:?}", info.exported_functions, info.options_json);
        let executor = match (iterations, duration) {
            (Some(i), _) => ExecutorPlan::SharedIterations(SharedIterations {
                vus,
                iterations: i,
                max_duration: Duration::from_secs(600),
                graceful_stop: Duration::from_secs(30),
            }),
            (None, d) => ExecutorPlan::ConstantVus(ConstantVus {
                vus,
                duration: Duration::from_secs(d.unwrap_or(1)),
                graceful_stop: Duration::from_secs(30),
            }),
        };
        let plan = ExecutionPlan {
            scenarios: vec![ScenarioPlan {
                name: "default".into(),
                exec: "default".into(),
                start_time: Duration::ZERO,
                tags: vec![],
                env: vec![],
                executor,
            }],
            setup_timeout: Duration::from_secs(60),
            teardown_timeout: Duration::from_secs(60),
            no_setup: false,
            no_teardown: false,
            min_iteration_duration: None,
        };
        let o = engine::execute(&plan, &pool, tokio_util_stop()).await;
        pool.flush_samples().await;
        o
    });
    eprintln!("outcome: {outcome:?}");
    drop(program);
    pool.shutdown();
    let counts = drain.join().unwrap();
    for (id, (n, sum)) in counts {
        eprintln!("{} count={n} sum={sum}", registry.metric(metrics::MetricId(id)).name);
    }
}

fn tokio_util_stop() -> engine::StopToken {
    Default::default()
}

//! Go's `math/rand` sequences, as k6's `randomSeed(n); Math.random()` prints them (values
//! captured from k6 v1.1.0), including installed as `Math.random` in a JS context.

use std::cell::RefCell;
use std::rc::Rc;

use rquickjs::{Context, Function, Object, Runtime};
use script::modules::gorand::GoRand;

#[test]
fn sequences_match_k6_random_seed() {
    let cases: [(i64, [f64; 3]); 7] = [
        (123, [0.5813171323049762, 0.026224297271376255, 0.2499694950699479]),
        (0, [0.9451961492941164, 0.24496508529377975, 0.6559562651954052]),
        (1, [0.6046602879796196, 0.9405090880450124, 0.6645600532184904]),
        (-5, [0.1964231528691937, 0.48006842453323395, 0.020401048456542642]),
        (2147483647, [0.9451961492941164, 0.24496508529377975, 0.6559562651954052]),
        (9007199254740991, [0.25912757246568385, 0.35727962080843245, 0.07712633630279923]),
        // randomSeed(3.7) truncates to 3.
        (3, [0.7199826688373036, 0.6526308027999123, 0.9419605585830052]),
    ];
    for (seed, want) in cases {
        let mut rng = GoRand::new(seed);
        let got = [rng.float64(), rng.float64(), rng.float64()];
        assert_eq!(got, want, "seed {seed}");
    }
}

#[test]
fn works_as_math_random() {
    let rt = Runtime::new().unwrap();
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        let rng = Rc::new(RefCell::new(GoRand::new(123)));
        let random = Function::new(ctx.clone(), move || rng.borrow_mut().float64()).unwrap();
        let math: Object<'_> = ctx.globals().get("Math").unwrap();
        math.set("random", random).unwrap();
        let first: f64 = ctx.eval("Math.random()").unwrap();
        assert_eq!(first, 0.5813171323049762);
        let text: String = ctx.eval("String(Math.random())").unwrap();
        assert_eq!(text, "0.026224297271376255");
    });
}

//! Temporary stand-in until the small k6 modules land.
#![allow(missing_docs, unreachable_pub, dead_code)]
pub mod encoding {
    use rquickjs::{Ctx, Object};
    pub fn build<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> { Object::new(ctx.clone()) }
}
pub mod crypto {
    use rquickjs::{Ctx, Object};
    pub fn build<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Object<'js>> { Object::new(ctx.clone()) }
    pub fn install_globals(_ctx: &Ctx<'_>) -> rquickjs::Result<()> { Ok(()) }
}
pub mod gorand {
    pub struct GoRand(u64);
    impl GoRand { pub fn new(seed: i64) -> Self { Self(seed as u64) } pub fn float64(&mut self) -> f64 { self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1); (self.0 >> 11) as f64 / (1u64 << 53) as f64 } }
}
pub mod jslib {
    pub fn jslib_source_for_url(_url: &str) -> Option<&'static str> { None }
}

//! `quickpizza.GRPC`: the QuickPizza demo API with a deterministic pizza rating.

use tonic::{Request, Response, Status};

use super::call::Shared;
use crate::methods::{QUICKPIZZA_RATE_PIZZA, QUICKPIZZA_STATUS};
use crate::pb::quickpizza::grpc_server::Grpc;
use crate::pb::quickpizza::{PizzaRatingRequest, PizzaRatingResponse, StatusRequest, StatusResponse};

/// Implementation of the `quickpizza.GRPC` service.
#[derive(Clone, Debug)]
pub(crate) struct QuickPizzaService {
    pub(crate) shared: Shared,
}

/// Stars for a pizza: 1 if it has pineapple, otherwise 1..=5 from the byte sum of the
/// ingredients and dough (so the same pizza always gets the same rating).
pub(crate) fn rate(request: &PizzaRatingRequest) -> i32 {
    if request.ingredients.iter().any(|i| i.eq_ignore_ascii_case("pineapple")) {
        return 1;
    }
    let sum: u64 =
        request.ingredients.iter().chain(std::iter::once(&request.dough)).flat_map(|s| s.bytes()).map(u64::from).sum();
    1 + (sum % 5) as i32
}

#[tonic::async_trait]
impl Grpc for QuickPizzaService {
    async fn status(&self, request: Request<StatusRequest>) -> Result<Response<StatusResponse>, Status> {
        self.shared.begin(QUICKPIZZA_STATUS, &request).await?;
        Ok(Response::new(StatusResponse { ready: true }))
    }

    async fn rate_pizza(&self, request: Request<PizzaRatingRequest>) -> Result<Response<PizzaRatingResponse>, Status> {
        self.shared.begin(QUICKPIZZA_RATE_PIZZA, &request).await?;
        Ok(Response::new(PizzaRatingResponse { stars_rating: rate(request.get_ref()) }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_is_deterministic_and_in_range() {
        let req = PizzaRatingRequest { ingredients: vec!["cheese".into(), "tomato".into()], dough: "thin".into() };
        let stars = rate(&req);
        assert!((1..=5).contains(&stars));
        assert_eq!(rate(&req), stars);
        // "cheese"+"tomato"+"thin" bytes sum to 1716 → 1 + 1716 % 5 = 2
        assert_eq!(stars, 2);
        let pineapple = PizzaRatingRequest { ingredients: vec!["Pineapple".into()], dough: String::new() };
        assert_eq!(rate(&pineapple), 1);
    }
}

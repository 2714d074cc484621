//! `routeguide.RouteGuide`: the classic example service over a small fixed feature
//! database (see [`FEATURES`]), covering all four RPC kinds.

use std::collections::HashMap;
use std::time::Instant;

use tonic::{Request, Response, Status, Streaming};

use super::call::Shared;
use super::{ResponseStream, channel_stream};
use crate::methods::{
    ROUTE_GUIDE_GET_FEATURE, ROUTE_GUIDE_LIST_FEATURES, ROUTE_GUIDE_RECORD_ROUTE, ROUTE_GUIDE_ROUTE_CHAT,
};
use crate::pb::routeguide::route_guide_server::RouteGuide;
use crate::pb::routeguide::{Feature, Point, Rectangle, RouteNote, RouteSummary};

/// The feature database: `(latitude, longitude, name)` in E7 degrees.
pub const FEATURES: &[(i32, i32, &str)] = &[
    (407_838_351, -746_143_763, "Patriots Path, Mendham, NJ 07945, USA"),
    (408_122_808, -743_999_179, "101 New Jersey 10, Whippany, NJ 07981, USA"),
    (413_628_156, -749_015_468, "U.S. 6, Shohola, PA 18458, USA"),
    (419_999_544, -740_371_136, "5 Conners Road, Kingston, NY 12401, USA"),
    (414_008_389, -743_951_297, "Mid Hudson Psychiatric Center, New Hampton, NY 10958, USA"),
    (419_611_318, -746_524_769, "287 Flugertown Road, Livingston Manor, NY 12758, USA"),
    (406_109_563, -742_186_778, "4001 Tremley Point Road, Linden, NJ 07036, USA"),
    (416_802_456, -742_370_183, "352 South Mountain Road, Wallkill, NY 12589, USA"),
    (412_950_425, -741_077_389, "Bailey Turn Road, Harriman, NY 10926, USA"),
    (412_144_655, -743_949_739, "193-199 Wawayanda Road, Hewitt, NJ 07421, USA"),
];

/// Implementation of the `RouteGuide` service.
#[derive(Clone, Debug)]
pub(crate) struct RouteGuideService {
    pub(crate) shared: Shared,
}

fn feature_at(point: &Point) -> Option<Feature> {
    FEATURES.iter().find(|(lat, lon, _)| *lat == point.latitude && *lon == point.longitude).map(|(lat, lon, name)| {
        Feature { name: (*name).to_owned(), location: Some(Point { latitude: *lat, longitude: *lon }) }
    })
}

fn in_rectangle(rect: &Rectangle, lat: i32, lon: i32) -> bool {
    let lo = rect.lo.unwrap_or_default();
    let hi = rect.hi.unwrap_or_default();
    let (lat_min, lat_max) = (lo.latitude.min(hi.latitude), lo.latitude.max(hi.latitude));
    let (lon_min, lon_max) = (lo.longitude.min(hi.longitude), lo.longitude.max(hi.longitude));
    (lat_min..=lat_max).contains(&lat) && (lon_min..=lon_max).contains(&lon)
}

/// Great-circle distance in metres between two E7 points (haversine).
fn distance_m(a: &Point, b: &Point) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_000.0;
    let to_rad = |e7: i32| (f64::from(e7) / 1e7).to_radians();
    let (lat1, lat2) = (to_rad(a.latitude), to_rad(b.latitude));
    let dlat = lat2 - lat1;
    let dlon = to_rad(b.longitude) - to_rad(a.longitude);
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().atan2((1.0 - h).sqrt())
}

#[tonic::async_trait]
impl RouteGuide for RouteGuideService {
    async fn get_feature(&self, request: Request<Point>) -> Result<Response<Feature>, Status> {
        self.shared.begin(ROUTE_GUIDE_GET_FEATURE, &request).await?;
        let point = request.into_inner();
        Ok(Response::new(feature_at(&point).unwrap_or(Feature { name: String::new(), location: Some(point) })))
    }

    type ListFeaturesStream = ResponseStream<Feature>;

    async fn list_features(&self, request: Request<Rectangle>) -> Result<Response<Self::ListFeaturesStream>, Status> {
        self.shared.begin(ROUTE_GUIDE_LIST_FEATURES, &request).await?;
        let rect = request.into_inner();
        let (tx, stream) = channel_stream();
        tokio::spawn(async move {
            for (lat, lon, _) in FEATURES.iter().filter(|(lat, lon, _)| in_rectangle(&rect, *lat, *lon)) {
                let point = Point { latitude: *lat, longitude: *lon };
                if let Some(feature) = feature_at(&point) {
                    if tx.send(Ok(feature)).await.is_err() {
                        return;
                    }
                }
            }
        });
        Ok(Response::new(stream))
    }

    async fn record_route(&self, request: Request<Streaming<Point>>) -> Result<Response<RouteSummary>, Status> {
        self.shared.begin(ROUTE_GUIDE_RECORD_ROUTE, &request).await?;
        let started = Instant::now();
        let mut inbound = request.into_inner();
        let mut summary = RouteSummary::default();
        let mut distance = 0.0;
        let mut last: Option<Point> = None;
        while let Some(point) = inbound.message().await? {
            summary.point_count += 1;
            if feature_at(&point).is_some() {
                summary.feature_count += 1;
            }
            if let Some(prev) = &last {
                distance += distance_m(prev, &point);
            }
            last = Some(point);
        }
        summary.distance = distance.round() as i32;
        summary.elapsed_time = i32::try_from(started.elapsed().as_secs()).unwrap_or(i32::MAX);
        Ok(Response::new(summary))
    }

    type RouteChatStream = ResponseStream<RouteNote>;

    async fn route_chat(
        &self,
        request: Request<Streaming<RouteNote>>,
    ) -> Result<Response<Self::RouteChatStream>, Status> {
        self.shared.begin(ROUTE_GUIDE_ROUTE_CHAT, &request).await?;
        let mut inbound = request.into_inner();
        let (tx, stream) = channel_stream();
        tokio::spawn(async move {
            // Notes seen on this call, per location.
            let mut notes: HashMap<(i32, i32), Vec<RouteNote>> = HashMap::new();
            loop {
                let note = tokio::select! {
                    () = tx.closed() => return,
                    note = inbound.message() => note,
                };
                let note = match note {
                    Ok(Some(note)) => note,
                    Ok(None) => return,
                    Err(status) => {
                        let _ = tx.send(Err(status)).await;
                        return;
                    }
                };
                let location = note.location.unwrap_or_default();
                let seen = notes.entry((location.latitude, location.longitude)).or_default();
                for previous in seen.iter() {
                    if tx.send(Ok(previous.clone())).await.is_err() {
                        return;
                    }
                }
                seen.push(note);
            }
        });
        Ok(Response::new(stream))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_features_and_rectangles() {
        let p = Point { latitude: 407_838_351, longitude: -746_143_763 };
        assert_eq!(feature_at(&p).unwrap().name, "Patriots Path, Mendham, NJ 07945, USA");
        let rect = Rectangle {
            lo: Some(Point { latitude: 400_000_000, longitude: -750_000_000 }),
            hi: Some(Point { latitude: 420_000_000, longitude: -730_000_000 }),
        };
        assert!(FEATURES.iter().all(|(lat, lon, _)| in_rectangle(&rect, *lat, *lon)));
    }

    #[test]
    fn distance_is_plausible() {
        let a = Point { latitude: 400_000_000, longitude: -740_000_000 };
        let b = Point { latitude: 410_000_000, longitude: -740_000_000 };
        // one degree of latitude ≈ 111.2 km
        let d = distance_m(&a, &b);
        assert!((111_000.0..111_400.0).contains(&d), "{d}");
    }
}

//! Where workplaces go: municipalities drawn in proportion to their 2020 population, and
//! plausible coordinates for them.
//!
//! The catalogs have no municipal centroids, so a municipality's center is a deterministic point
//! inside a rough bounding box of its state (the same for every seed), except for the largest
//! cities, whose real centers are listed here.

use faro_core::catalog::{Catalogs, Municipality};
use faro_core::StateCode;
use rand::RngCore;

use crate::random::{unit, Cumulative};

/// Rough bounding boxes of the states: (south, north, west, east) in degrees, by state code.
const STATE_BOXES: [(f64, f64, f64, f64); 32] = [
    (21.62, 22.46, -102.87, -101.84), // 01 Aguascalientes
    (28.00, 32.72, -117.12, -112.75), // 02 Baja California
    (22.87, 28.00, -115.00, -109.40), // 03 Baja California Sur
    (17.81, 20.85, -92.47, -89.12),   // 04 Campeche
    (24.54, 29.88, -103.96, -99.84),  // 05 Coahuila
    (18.68, 19.51, -104.69, -103.49), // 06 Colima
    (14.53, 17.98, -94.14, -90.37),   // 07 Chiapas
    (25.56, 31.78, -109.07, -103.31), // 08 Chihuahua
    (19.05, 19.59, -99.36, -98.94),   // 09 Ciudad de México
    (22.34, 26.84, -107.21, -102.47), // 10 Durango
    (19.91, 21.84, -102.09, -99.67),  // 11 Guanajuato
    (16.32, 18.89, -102.18, -98.01),  // 12 Guerrero
    (19.60, 21.40, -99.86, -97.98),   // 13 Hidalgo
    (18.93, 22.75, -105.70, -101.51), // 14 Jalisco
    (18.37, 20.29, -100.61, -98.60),  // 15 México
    (17.92, 20.39, -103.74, -100.06), // 16 Michoacán
    (18.33, 19.13, -99.49, -98.63),   // 17 Morelos
    (20.60, 23.08, -105.77, -103.72), // 18 Nayarit
    (23.16, 27.80, -101.21, -98.42),  // 19 Nuevo León
    (15.65, 18.67, -98.55, -93.87),   // 20 Oaxaca
    (17.86, 20.84, -99.07, -96.72),   // 21 Puebla
    (20.02, 21.67, -100.60, -99.04),  // 22 Querétaro
    (17.89, 21.60, -89.30, -86.71),   // 23 Quintana Roo
    (21.16, 24.49, -102.30, -98.33),  // 24 San Luis Potosí
    (22.47, 26.94, -109.45, -105.39), // 25 Sinaloa
    (26.29, 32.49, -115.05, -108.42), // 26 Sonora
    (17.25, 18.65, -94.13, -90.99),   // 27 Tabasco
    (22.20, 27.68, -100.14, -97.14),  // 28 Tamaulipas
    (19.10, 19.73, -98.71, -97.62),   // 29 Tlaxcala
    (17.13, 22.47, -98.68, -93.60),   // 30 Veracruz
    (19.55, 21.60, -90.41, -87.53),   // 31 Yucatán
    (21.04, 25.12, -104.36, -100.74), // 32 Zacatecas
];

/// Approximate centers of large municipalities: (cvegeo, name as INEGI writes it, lat, lon).
pub(crate) const CITY_CENTERS: &[(&str, &str, f64, f64)] = &[
    ("01001", "Aguascalientes", 21.8853, -102.2916),
    ("02001", "Ensenada", 31.8667, -116.5964),
    ("02002", "Mexicali", 32.6245, -115.4523),
    ("02004", "Tijuana", 32.5149, -117.0382),
    ("03003", "La Paz", 24.1426, -110.3128),
    ("04002", "Campeche", 19.8301, -90.5349),
    ("05030", "Saltillo", 25.4383, -100.9737),
    ("05035", "Torreón", 25.5428, -103.4068),
    ("06002", "Colima", 19.2452, -103.7241),
    ("07101", "Tuxtla Gutiérrez", 16.7516, -93.1029),
    ("08019", "Chihuahua", 28.6353, -106.0889),
    ("08037", "Juárez", 31.6904, -106.4245),
    ("10005", "Durango", 24.0277, -104.6532),
    ("11007", "Celaya", 20.5222, -100.8122),
    ("11017", "Irapuato", 20.6767, -101.3563),
    ("11020", "León", 21.1250, -101.6860),
    ("12001", "Acapulco de Juárez", 16.8531, -99.8237),
    ("13048", "Pachuca de Soto", 20.1011, -98.7591),
    ("14039", "Guadalajara", 20.6597, -103.3496),
    ("14098", "San Pedro Tlaquepaque", 20.6409, -103.2933),
    ("14101", "Tonalá", 20.6244, -103.2344),
    ("14120", "Zapopan", 20.7236, -103.3848),
    ("15033", "Ecatepec de Morelos", 19.6011, -99.0500),
    ("15057", "Naucalpan de Juárez", 19.4785, -99.2396),
    ("15058", "Nezahualcóyotl", 19.4006, -99.0148),
    ("15104", "Tlalnepantla de Baz", 19.5400, -99.1950),
    ("15106", "Toluca", 19.2826, -99.6557),
    ("15121", "Cuautitlán Izcalli", 19.6469, -99.2467),
    ("16053", "Morelia", 19.7060, -101.1950),
    ("17007", "Cuernavaca", 18.9242, -99.2216),
    ("18017", "Tepic", 21.5041, -104.8946),
    ("19006", "Apodaca", 25.7817, -100.1886),
    ("19026", "Guadalupe", 25.6775, -100.2597),
    ("19039", "Monterrey", 25.6866, -100.3161),
    ("19046", "San Nicolás de los Garza", 25.7417, -100.3022),
    ("20067", "Oaxaca de Juárez", 17.0732, -96.7266),
    ("21114", "Puebla", 19.0414, -98.2063),
    ("22014", "Querétaro", 20.5888, -100.3899),
    ("23005", "Benito Juárez", 21.1619, -86.8515),
    ("24028", "San Luis Potosí", 22.1565, -100.9855),
    ("25006", "Culiacán", 24.8091, -107.3940),
    ("25012", "Mazatlán", 23.2494, -106.4111),
    ("26030", "Hermosillo", 29.0729, -110.9559),
    ("27004", "Centro", 17.9892, -92.9475),
    ("28032", "Reynosa", 26.0806, -98.2883),
    ("29033", "Tlaxcala", 19.3139, -98.2404),
    ("30087", "Xalapa", 19.5438, -96.9102),
    ("30193", "Veracruz", 19.1738, -96.1342),
    ("31050", "Mérida", 20.9674, -89.5926),
    ("32056", "Zacatecas", 22.7709, -102.5833),
];

/// SplitMix64: a fixed hash of a municipality key, so its center does not depend on the seed.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn fraction(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// The bounding box of a state.
fn state_box(state: StateCode) -> (f64, f64, f64, f64) {
    STATE_BOXES
        .get(usize::from(state.number()).saturating_sub(1))
        .copied()
        .unwrap_or((19.0, 20.0, -100.0, -99.0))
}

/// A municipality's center and how far (in degrees) its workplaces spread around it.
pub(crate) fn municipality_center(m: &Municipality) -> (f64, f64, f64) {
    if let Some(&(_, _, lat, lon)) = CITY_CENTERS.iter().find(|c| c.0 == m.cvegeo) {
        return (lat, lon, 0.05);
    }
    let key = m
        .cvegeo
        .bytes()
        .fold(0u64, |acc, b| acc.wrapping_mul(131).wrapping_add(u64::from(b)));
    let (a, b) = (mix(key), mix(key ^ 0x5555_AAAA_5555_AAAA));
    let (south, north, west, east) = state_box(m.state);
    // Keep to the inner part of the box, where land is likelier.
    let lat = south + (0.15 + 0.7 * fraction(a)) * (north - south);
    let lon = west + (0.15 + 0.7 * fraction(b)) * (east - west);
    let spread = if m.population > 500_000 { 0.04 } else { 0.015 };
    (lat, lon, spread)
}

/// A point near the municipality's center, rounded to six decimals (about 10 cm).
pub(crate) fn point_near(rng: &mut impl RngCore, center: (f64, f64, f64)) -> (f64, f64) {
    let (lat, lon, spread) = center;
    // Sum of two uniforms: a triangular spread, denser near the center.
    let dlat = (unit(rng) + unit(rng) - 1.0) * spread;
    let dlon = (unit(rng) + unit(rng) - 1.0) * spread;
    let round = |x: f64| (x * 1e6).round() / 1e6;
    (round(lat + dlat), round(lon + dlon))
}

/// Draws municipalities in proportion to population, nationally or within one state.
#[derive(Debug, Clone)]
pub(crate) struct MunicipalityPicker {
    weights: Cumulative,
}

impl MunicipalityPicker {
    pub(crate) fn new(cat: &Catalogs) -> MunicipalityPicker {
        MunicipalityPicker {
            weights: Cumulative::new(cat.municipalities().iter().map(|m| m.population as f64)),
        }
    }

    /// Index into `cat.municipalities()`.
    pub(crate) fn national(&self, rng: &mut impl RngCore) -> Option<usize> {
        self.weights.draw(rng)
    }

    /// Index into `cat.municipalities()` of a municipality of `state`; municipalities are sorted
    /// by key, so a state's are contiguous.
    pub(crate) fn in_state(&self, rng: &mut impl RngCore, cat: &Catalogs, state: StateCode) -> Option<usize> {
        let all = cat.municipalities();
        let of_state = cat.municipalities_of(state);
        let start = all.partition_point(|m| m.state < state);
        self.weights.draw_in(rng, start, start + of_state.len())
    }
}

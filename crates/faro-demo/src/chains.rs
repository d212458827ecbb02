//! Chains: employers that own many workplaces, from a few branches of a regional business to
//! national retailers with thousands of stores. Their sizes follow a Zipf law.

use faro_core::catalog::Catalogs;
use faro_core::StateCode;
use rand::RngCore;

use crate::industry::{ClassPlan, Industry, SizeProfile, SizeProfile as P};
use crate::names::FANCY;
use crate::random::{chance, index, pick, Cumulative};

/// Kinds of chain: SCIAN class, the words their brands start with, the size profile of their
/// units, and how common such chains are (relative weight).
const KINDS: &[(&str, &[&str], P, f64)] = &[
    (
        "462112",
        &["Súper", "Tiendas", "Mi Tienda", "Minisúper"],
        P::ChainStore,
        10.0,
    ),
    ("464112", &["Farmacias", "Farmacia"], P::ChainStore, 8.0),
    ("462111", &["Supermercados", "Bodega", "Mercado"], P::Large, 2.0),
    ("462210", &["Almacenes", "Tiendas"], P::Large, 1.0),
    ("463211", &["Modas", "Boutiques", "Ropa"], P::ChainStore, 5.0),
    ("463310", &["Zapaterías", "Calzado"], P::ChainStore, 3.0),
    ("466112", &["Muebles y Electrónica", "Mueblerías"], P::ChainStore, 3.0),
    ("468211", &["Refaccionarias", "Autopartes"], P::ChainStore, 3.0),
    ("468411", &["Gasolineras", "Combustibles"], P::ChainStore, 3.0),
    ("467111", &["Ferreterías", "Ferre"], P::ChainStore, 2.0),
    ("466212", &["Celulares", "Telefonía"], P::ChainStore, 2.0),
    ("464121", &["Ópticas"], P::ChainStore, 1.5),
    ("722511", &["Restaurantes", "Cocina"], P::ChainStore, 4.0),
    ("722517", &["Pollos", "Pizzas", "Hamburguesas"], P::ChainStore, 4.0),
    ("722515", &["Café", "Cafeterías"], P::ChainStore, 3.0),
    ("721111", &["Hoteles", "Hotel"], P::Large, 1.0),
    ("522110", &["Banco"], P::ChainStore, 1.5),
    ("522452", &["Empeños", "Presta"], P::ChainStore, 2.0),
    ("621511", &["Laboratorios"], P::ChainStore, 1.5),
    ("492210", &["Paquetería", "Mensajería"], P::ChainStore, 1.0),
    ("561610", &["Seguridad Privada", "Protección"], P::Industrial, 1.0),
    ("713943", &["Gimnasios", "Sport"], P::ChainStore, 1.0),
    ("812210", &["Lavanderías", "Tintorerías"], P::ChainStore, 1.0),
    ("311811", &["Panificadora"], P::Industrial, 0.5),
    ("312111", &["Embotelladora"], P::Industrial, 0.5),
    ("336390", &["Autopartes"], P::Industrial, 0.5),
    ("431110", &["Distribuidora", "Abarrotera"], P::Medium, 1.0),
];

/// Words that end a chain's brand.
#[rustfmt::skip]
const BRAND_WORDS: &[&str] = &[
    "Pronto", "Siempre", "Todo Día", "La Canasta", "El Vecino", "Rapidito", "Ya Mero", "Al Paso", "La Esquina",
    "Familiar", "del Ahorro", "Bienestar", "Vida", "Salud Total", "Cruz Verde", "del Pueblo", "La Económica",
    "Del Valle", "La Fortuna", "Del Sol", "Progreso", "Real", "Victoria", "Del Río", "Estrella", "Plaza", "La Palma",
    "San Rafael", "Santa Fe", "Solidario", "Regional", "Popular", "Confianza", "Punto",
];

/// A chain, fixed when the generator starts.
#[derive(Debug, Clone)]
pub(crate) struct Chain {
    /// The brand its units carry ("Farmacias Bienestar").
    pub(crate) brand: String,
    /// The employer's name, without legal form.
    pub(crate) company: String,
    pub(crate) legal_form: &'static str,
    pub(crate) plan: ClassPlan,
    pub(crate) profile: SizeProfile,
    /// A regional chain puts most of its units in its home state.
    pub(crate) home: Option<StateCode>,
}

/// Every chain and the draw of a chain for a workplace.
#[derive(Debug, Clone)]
pub(crate) struct Chains {
    pub(crate) chains: Vec<Chain>,
    pick: Cumulative,
}

/// Share of workplaces that belong to a chain.
pub(crate) const CHAIN_SHARE: f64 = 0.06;

/// Share of a regional chain's units in its home state.
pub(crate) const HOME_SHARE: f64 = 0.9;

impl Chains {
    /// About one chain per 2,500 workplaces (at least 8). The `k`-th largest chain has a weight
    /// proportional to 1/k; the ten largest are national, most of the rest regional.
    pub(crate) fn new(rng: &mut impl RngCore, cat: &Catalogs, industry: &Industry, workplaces: u64) -> Chains {
        let count = (workplaces / 2_500).clamp(8, 4_000) as usize;
        let kinds = Cumulative::new(KINDS.iter().map(|k| k.3));
        let states: Vec<StateCode> = StateCode::all().collect();
        let mut chains = Vec::with_capacity(count);
        let mut weights = Vec::with_capacity(count);
        let mut rank = 0usize;
        while chains.len() < count && rank < count * 4 {
            rank += 1;
            let Some(&(class, brands, profile, _)) = kinds.draw(rng).and_then(|i| KINDS.get(i)) else {
                break;
            };
            let Some(plan) = industry.class(class, cat) else {
                continue;
            };
            let home = if chains.len() >= 10 && chance(rng, 0.75) {
                states.get(index(rng, states.len())).copied()
            } else {
                None
            };
            let brand = format!("{} {}", pick(rng, brands, "Tiendas"), brand_word(rng));
            let region = home.and_then(|s| cat.state(s)).map(|s| s.short_name.as_str());
            let company = match (index(rng, 4), region) {
                (0, _) => format!("Operadora {brand}"),
                (1, Some(r)) => format!("{brand} de {r}"),
                (2, _) => format!("Cadena Comercial {brand}"),
                _ => format!("Grupo {brand}"),
            };
            let legal_form = if chance(rng, 0.8) {
                "S.A. de C.V."
            } else {
                "S.A.P.I. de C.V."
            };
            weights.push(1.0 / (chains.len() + 1) as f64);
            chains.push(Chain {
                brand,
                company,
                legal_form,
                plan: plan.clone(),
                profile,
                home,
            });
        }
        Chains {
            chains,
            pick: Cumulative::new(weights),
        }
    }

    /// Draws the chain a new workplace belongs to.
    pub(crate) fn draw(&self, rng: &mut impl RngCore) -> Option<usize> {
        self.pick.draw(rng)
    }
}

fn brand_word(rng: &mut impl RngCore) -> &'static str {
    if chance(rng, 0.3) {
        pick(rng, FANCY, "Azteca")
    } else {
        pick(rng, BRAND_WORDS, "Del Valle")
    }
}

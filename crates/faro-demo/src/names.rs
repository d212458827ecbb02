//! Names that look Mexican and fit the activity: persons, small businesses, companies.

use rand::RngCore;

use crate::random::{chance, index, pick, unit};

#[rustfmt::skip]
const GIVEN_FEMALE: &[&str] = &[
    "María Guadalupe", "Guadalupe", "María", "Juana", "Margarita", "Verónica", "Leticia", "Rosa María", "Patricia",
    "Elizabeth", "Alejandra", "Gabriela", "Martha", "Adriana", "Silvia", "Claudia", "Araceli", "Laura", "Ana María",
    "Sandra", "Yolanda", "Teresa", "Maribel", "Norma", "Lucía", "Gloria", "Ana Laura", "Daniela", "Fernanda",
    "Mariana", "Karla", "Carmen", "Alicia", "Rocío", "Isabel", "Esperanza", "Beatriz", "Irma", "Susana", "Lorena",
    "Diana", "Mónica", "Andrea", "Brenda", "Ximena", "Sofía", "Valeria", "María Elena", "Josefina", "Socorro",
];

#[rustfmt::skip]
const GIVEN_MALE: &[&str] = &[
    "José Luis", "Juan", "José", "Francisco", "Miguel Ángel", "Jesús", "Antonio", "Alejandro", "Pedro", "Juan Carlos",
    "Manuel", "Ricardo", "Fernando", "Roberto", "Carlos", "Jorge", "Eduardo", "Rafael", "Arturo", "Javier", "Sergio",
    "Raúl", "Martín", "Salvador", "Enrique", "Mario", "Daniel", "Luis Alberto", "Óscar", "Víctor Manuel", "Gerardo",
    "Alfredo", "Héctor", "Ramón", "Rubén", "Gustavo", "Armando", "Ignacio", "Jaime", "Guillermo", "Hugo", "Alberto",
    "Andrés", "Diego", "Luis", "Rodrigo", "Emilio", "Santiago", "José Antonio", "Juan Manuel",
];

/// Frequent surnames, most frequent first (draws favour the head of the list).
#[rustfmt::skip]
const SURNAMES: &[&str] = &[
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Cruz",
    "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Díaz", "Gutiérrez", "Ruiz", "Mendoza",
    "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero", "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos",
    "Domínguez", "Herrera", "Medina", "Castro", "Vargas", "Guzmán", "Velázquez", "Muñoz", "Rojas", "Salazar",
    "Contreras", "de la Cruz", "Luna", "Ortega", "Guerrero", "Estrada", "Bautista", "Cortés", "Soto", "Alvarado",
    "Espinoza", "Lara", "Ávila", "Ríos", "Cervantes", "Silva", "Delgado", "Vega", "Márquez", "Sandoval", "Fernández",
    "León", "Carrillo", "Mejía", "Solís", "Núñez", "Rosas", "Valdez", "Ibarra", "Campos", "Santiago", "Navarro",
    "Maldonado", "Rosales", "Acosta", "Peña", "Miranda", "Trejo", "Cabrera", "Valencia", "Nava", "Pacheco", "Robles",
    "Molina", "Rangel", "Fuentes", "Huerta", "Meza", "Aguirre", "Cárdenas", "Orozco", "Padilla", "Espinosa", "Ayala",
    "Salas", "Sosa", "Ochoa", "Villa", "Escobar", "Zamora", "Beltrán", "Lozano", "Cano", "Montes",
];

#[rustfmt::skip]
const NICK_FEMALE: &[&str] = &[
    "Lupe", "Lupita", "Chela", "Conchita", "Lucha", "Rosy", "Paty", "Lety", "Tere", "Chayo", "Mago", "Toña", "Cuca",
    "Meche", "Licha", "Juanita", "Maru", "Carmelita", "Pili", "Tina",
];

#[rustfmt::skip]
const NICK_MALE: &[&str] = &[
    "Pepe", "Chuy", "Beto", "Memo", "Paco", "Toño", "Lalo", "Nacho", "Rafa", "Chema", "Goyo", "Pancho", "Chucho",
    "Quique", "Poncho", "Tavo", "Neto", "Fer", "Juanito", "Chente",
];

#[rustfmt::skip]
const FEMININE: &[&str] = &[
    "Guadalupana", "Esperanza", "Estrella", "Bendición", "Paloma", "Providencia", "Michoacana", "Poblana",
    "Oaxaqueña", "Norteña", "Jarochita", "Victoria", "Perla", "Económica", "Popular", "Favorita", "Reina", "Palma",
    "Escondida", "Morena", "Joya", "Gloria", "Lupita", "Tapatía", "Huasteca", "Fortuna",
];

#[rustfmt::skip]
const MASCULINE: &[&str] = &[
    "Güero", "Paisa", "Sol", "Buen Precio", "Ahorro", "Triunfo", "Porvenir", "Rincón", "Parián", "Rey", "Puente",
    "Mezquite", "Nopal", "Portal", "Centenario", "Barrio", "Trébol", "Compadre", "Pariente", "Chaparrito", "Cielito",
    "Manantial",
];

#[rustfmt::skip]
const SAINTS: &[&str] = &[
    "San Judas Tadeo", "San José", "San Juan", "San Francisco", "San Miguel", "San Martín", "San Antonio",
    "San Rafael", "San Pedro", "San Charbel", "San Isidro", "San Cayetano", "Santa Rosa", "Santa Cecilia",
    "Santa Mónica", "Santa Lucía", "Santa Clara", "Santa Teresita", "Santa Cruz", "Santa Fe",
];

/// Nouns of places of worship, named after a saint.
const RELIGIOUS: &[&str] = &["Parroquia", "Templo", "Iglesia"];

/// Words for the names of companies and chains, neutral in gender and number.
#[rustfmt::skip]
pub(crate) const FANCY: &[&str] = &[
    "Alfa", "Omega", "Delta", "Azteca", "Maya", "Olmeca", "Tolteca", "Quetzal", "Jaguar", "Águila", "Cóndor",
    "Horizonte", "Vanguardia", "Sierra Madre", "Aurora", "Fénix", "Titán", "Atlas", "Orión", "Pirámide", "Monarca",
    "Nova", "Cima", "Express", "Total", "Continental", "Imperial", "Colonial", "Magna", "Meridiano", "Centauro",
    "Zenit", "Tonatiuh", "Anáhuac", "Cuauhtli", "Xalli", "Ixtli",
];

/// Regions, for company names ("del Bajío").
#[rustfmt::skip]
const REGIONS: &[&str] = &[
    "del Bajío", "del Norte", "del Pacífico", "del Golfo", "del Sureste", "de Occidente", "del Centro", "del Noreste",
    "del Noroeste", "de la Laguna", "de la Huasteca", "del Istmo", "de la Península", "de México", "Mexicana",
    "Nacional",
];

/// Plural adjectives that agree with any plural noun ("Manufacturas Industriales").
#[rustfmt::skip]
const PLURAL_ADJECTIVES: &[&str] = &[
    "Industriales", "Integrales", "Nacionales", "Globales", "Especiales", "Comerciales", "Profesionales",
    "Regionales", "Generales", "Modernos", "Unidos",
];

/// Nouns for small businesses by SCIAN class prefix (the longest matching prefix applies).
const BUSINESS_NOUNS: &[(&str, &[&str])] = &[
    ("461110", &["Abarrotes", "Miscelánea", "Tienda", "Abarrotes y Cremería"]),
    ("461121", &["Carnicería"]),
    ("461122", &["Pollería"]),
    ("461123", &["Pescadería"]),
    ("461130", &["Frutas y Verduras", "Frutería", "Verdulería"]),
    ("461140", &["Semillas y Chiles Secos", "Chiles y Especias"]),
    ("461150", &["Cremería", "Lácteos y Embutidos"]),
    ("461160", &["Dulcería", "Materias Primas"]),
    ("461170", &["Paletería", "Nevería"]),
    ("461190", &["Tamales", "Productos", "Alimentos"]),
    ("461211", &["Vinos y Licores"]),
    ("461212", &["Depósito", "Depósito de Cerveza"]),
    ("461213", &["Agua Purificada", "Purificadora"]),
    ("461220", &["Tabaquería"]),
    ("4621", &["Súper", "Minisúper", "Autoservicio"]),
    ("462210", &["Almacenes", "Tienda Departamental"]),
    ("4631", &["Telas", "Mercería", "Blancos"]),
    ("4632", &["Boutique", "Ropa y Novedades", "Modas", "Bazar"]),
    ("463310", &["Zapatería", "Calzado"]),
    ("4641", &["Farmacia", "Botica"]),
    ("464113", &["Naturista", "Productos Naturistas"]),
    ("464121", &["Óptica"]),
    ("465111", &["Perfumería", "Cosméticos"]),
    ("465112", &["Joyería", "Relojería"]),
    ("465212", &["Juguetería"]),
    ("465311", &["Papelería", "Papelería y Regalos"]),
    ("465312", &["Librería"]),
    ("465911", &["Tienda de Mascotas", "Forrajería"]),
    ("465912", &["Regalos y Novedades", "Novedades"]),
    ("4659", &["Novedades", "Regalos"]),
    ("4661", &["Mueblería", "Muebles"]),
    ("4662", &["Celulares y Accesorios", "Computación"]),
    ("466312", &["Florería"]),
    ("4664", &["Bazar"]),
    ("467111", &["Ferretería", "Tlapalería", "Ferretería y Tlapalería"]),
    ("4671", &["Materiales", "Pinturas", "Vidrios y Aluminio"]),
    ("4681", &["Autos", "Seminuevos"]),
    ("4682", &["Refaccionaria", "Autopartes"]),
    ("468213", &["Llantera"]),
    ("4684", &["Gasolinera", "Gas", "Lubricantes"]),
    ("46", &["Comercial", "Novedades", "Bazar"]),
    ("434311", &["Recicladora", "Fierro Viejo"]),
    ("4343", &["Recicladora"]),
    ("43", &["Distribuidora", "Comercializadora", "Abarrotera"]),
    ("721", &["Hotel", "Posada", "Hotel y Suites"]),
    ("722411", &["Salón", "Centro Nocturno"]),
    ("722412", &["Bar", "Cantina", "Cervecería"]),
    (
        "722511",
        &["Restaurante", "Cocina Económica", "Fonda", "Comida Corrida"],
    ),
    ("722512", &["Mariscos", "Marisquería", "Coctelería"]),
    ("722513", &["Antojitos", "Gorditas", "Quesadillas", "Pozolería"]),
    ("722514", &["Taquería", "Tacos", "Tortas", "Birria"]),
    ("722515", &["Cafetería", "Nevería", "Jugos y Licuados", "Café"]),
    ("722517", &["Pizzería", "Pollos Asados", "Hamburguesas", "Alitas"]),
    ("722518", &["Comida para Llevar", "Barbacoa", "Carnitas"]),
    ("722519", &["Elotes y Esquites", "Churros", "Antojitos"]),
    ("7223", &["Banquetes", "Comedor Industrial"]),
    ("72", &["Restaurante", "Cocina"]),
    ("81111", &["Taller Mecánico", "Servicio Automotriz", "Mecánica"]),
    ("811121", &["Hojalatería y Pintura"]),
    ("81112", &["Taller Automotriz"]),
    ("811191", &["Vulcanizadora", "Llantera"]),
    ("811192", &["Autolavado", "Lavado de Autos"]),
    ("8112", &["Reparación de Electrónicos", "Servicio Técnico"]),
    ("8113", &["Taller Industrial"]),
    ("8114", &["Reparaciones", "Taller"]),
    ("811430", &["Reparadora de Calzado"]),
    ("811491", &["Cerrajería"]),
    ("811492", &["Taller de Motos"]),
    ("812110", &["Estética", "Salón de Belleza", "Peluquería", "Barbería"]),
    ("812210", &["Lavandería", "Tintorería"]),
    ("812310", &["Funeraria"]),
    ("812410", &["Estacionamiento", "Pensión"]),
    ("81", &["Servicios"]),
    ("813210", &["Parroquia", "Templo", "Iglesia"]),
    ("813", &["Asociación"]),
    ("311830", &["Tortillería", "Molino y Tortillería"]),
    ("311812", &["Panadería", "Pastelería"]),
    ("311811", &["Panificadora"]),
    ("311813", &["Tortillas de Harina"]),
    ("311520", &["Paletería", "Helados"]),
    ("311340", &["Dulces Típicos"]),
    ("3116", &["Empacadora", "Obrador"]),
    ("311993", &["Alimentos", "Cocina"]),
    ("312112", &["Purificadora"]),
    ("312113", &["Fábrica de Hielo"]),
    ("3121", &["Embotelladora"]),
    ("3122", &["Tabacalera"]),
    ("313", &["Textiles", "Hilados"]),
    ("314", &["Bordados", "Confecciones"]),
    ("315225", &["Sastrería", "Costura"]),
    ("315", &["Confecciones", "Maquila de Ropa"]),
    ("316", &["Calzado", "Curtiduría"]),
    ("321", &["Carpintería", "Maderería", "Aserradero"]),
    ("322", &["Cartonera", "Papelera"]),
    ("323", &["Imprenta", "Impresos"]),
    ("325", &["Químicos", "Productos Químicos"]),
    ("326", &["Plásticos"]),
    ("327121", &["Ladrillera"]),
    ("327", &["Blocks y Materiales", "Concretos"]),
    ("331", &["Fundidora"]),
    ("332320", &["Herrería"]),
    ("3327", &["Taller de Torno", "Maquinados"]),
    ("332", &["Productos Metálicos"]),
    ("333", &["Maquinaria"]),
    ("334", &["Electrónica"]),
    ("335", &["Eléctricos"]),
    ("336", &["Autopartes", "Carrocerías"]),
    ("337", &["Muebles", "Carpintería"]),
    ("339912", &["Joyería", "Platería"]),
    ("339950", &["Anuncios", "Rótulos"]),
    ("339994", &["Velas y Veladoras"]),
    ("31", &["Productos", "Fábrica"]),
    ("32", &["Productos", "Fábrica"]),
    ("33", &["Productos", "Fábrica"]),
    ("621111", &["Consultorio Médico", "Consultorio"]),
    (
        "621113",
        &["Consultorio de Especialidades", "Clínica de Especialidades"],
    ),
    ("6212", &["Consultorio Dental", "Clínica Dental", "Dentista"]),
    ("621320", &["Óptica", "Optometría"]),
    ("62133", &["Consultorio de Psicología"]),
    ("6215", &["Laboratorio Clínico", "Laboratorio de Análisis Clínicos"]),
    ("622", &["Hospital", "Sanatorio"]),
    ("6233", &["Casa de Reposo", "Asilo"]),
    ("6244", &["Guardería", "Estancia Infantil"]),
    ("62", &["Clínica", "Centro de Salud"]),
    ("61111", &["Jardín de Niños", "Kínder"]),
    ("61112", &["Escuela Primaria", "Colegio"]),
    ("61113", &["Secundaria", "Colegio"]),
    ("61114", &["Secundaria Técnica"]),
    ("61116", &["Preparatoria", "Bachillerato"]),
    ("6113", &["Universidad", "Instituto"]),
    ("61142", &["Escuela de Computación"]),
    ("61161", &["Escuela de Música", "Academia de Danza"]),
    ("61162", &["Escuela de Fútbol", "Escuela de Natación"]),
    ("61163", &["Escuela de Idiomas", "Centro de Idiomas"]),
    ("611691", &["Regularización", "Asesorías"]),
    ("61", &["Instituto", "Centro Educativo"]),
    ("541110", &["Despacho Jurídico", "Bufete Jurídico"]),
    ("541120", &["Notaría Pública"]),
    ("5412", &["Despacho Contable", "Contadores"]),
    ("5413", &["Arquitectura", "Ingeniería"]),
    ("5414", &["Diseño"]),
    ("541510", &["Sistemas", "Soluciones Informáticas"]),
    ("5416", &["Consultores", "Consultoría"]),
    ("5418", &["Publicidad", "Rótulos"]),
    ("541920", &["Foto Estudio", "Fotografía"]),
    ("54194", &["Veterinaria", "Clínica Veterinaria"]),
    ("54", &["Despacho", "Asesores"]),
    ("561431", &["Copias", "Centro de Copiado"]),
    ("561432", &["Cibercafé", "Ciber"]),
    ("5615", &["Viajes", "Agencia de Viajes"]),
    ("5616", &["Seguridad Privada"]),
    ("5617", &["Limpieza", "Servicios de Limpieza", "Fumigaciones"]),
    ("5613", &["Recursos Humanos", "Personal"]),
    ("562", &["Reciclaje", "Recolección"]),
    ("56", &["Servicios", "Gestoría"]),
    ("713943", &["Gimnasio", "Gym"]),
    ("713120", &["Maquinitas", "Videojuegos"]),
    ("713991", &["Billar"]),
    ("713291", &["Expendio de Lotería"]),
    ("71394", &["Club Deportivo"]),
    ("7111", &["Grupo Musical", "Mariachi"]),
    ("71", &["Centro Recreativo", "Salón de Juegos"]),
    ("532282", &["Renta de Mesas y Sillas", "Alquiladora"]),
    ("531113", &["Salón de Fiestas", "Jardín de Eventos"]),
    ("5312", &["Inmobiliaria", "Bienes Raíces"]),
    ("53", &["Rentas", "Arrendadora"]),
    ("522452", &["Casa de Empeño", "Empeños"]),
    ("52232", &["Caja Popular"]),
    ("5242", &["Seguros", "Agencia de Seguros"]),
    ("52", &["Financiera", "Préstamos"]),
    ("23", &["Constructora", "Construcciones", "Obras"]),
    ("4853", &["Sitio de Taxis"]),
    ("484", &["Transportes", "Fletes y Mudanzas"]),
    ("485", &["Autotransportes", "Línea de Autobuses"]),
    ("492", &["Paquetería", "Mensajería"]),
    ("493", &["Almacenes", "Bodegas"]),
    ("48", &["Transportes"]),
    ("49", &["Paquetería"]),
    ("51", &["Comunicaciones", "Producciones"]),
    ("111", &["Rancho", "Agrícola", "Huerta"]),
    ("112", &["Granja", "Rancho"]),
    ("1129", &["Apiario"]),
    ("113", &["Vivero"]),
    ("114", &["Cooperativa Pesquera", "Pesquera"]),
    ("11", &["Rancho"]),
    ("21", &["Minera", "Materiales Pétreos"]),
    ("22", &["Aguas", "Energía"]),
    ("55", &["Corporativo"]),
];

/// Nouns for the small businesses of a class ("Taquería"); "Negocio" when none applies.
pub(crate) fn business_nouns(class: &str) -> &'static [&'static str] {
    BUSINESS_NOUNS
        .iter()
        .filter(|(prefix, _)| class.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or(&["Negocio"], |(_, nouns)| nouns)
}

/// Nouns that open a company's name, by sector.
fn company_nouns(sector: &str) -> &'static [&'static str] {
    match sector {
        "11" => &["Agrícola", "Agropecuaria", "Ganadera", "Productores Agrícolas"],
        "21" => &["Minera", "Compañía Minera", "Materiales Pétreos"],
        "22" => &["Energía", "Aguas", "Generadora"],
        "23" => &["Constructora", "Edificaciones", "Obras y Proyectos", "Desarrollos"],
        "31-33" => &[
            "Manufacturas",
            "Industrias",
            "Productos",
            "Fabricaciones",
            "Procesadora",
            "Maquiladora",
        ],
        "43" => &["Distribuidora", "Comercializadora", "Abastecedora", "Grupo Comercial"],
        "46" => &["Comercial", "Tiendas", "Grupo Comercial", "Almacenes"],
        "48-49" => &["Transportes", "Autotransportes", "Logística", "Fletes"],
        "51" => &["Comunicaciones", "Medios", "Telecomunicaciones", "Producciones"],
        "52" => &["Financiera", "Servicios Financieros", "Caja"],
        "53" => &["Inmobiliaria", "Arrendadora", "Desarrollos Inmobiliarios"],
        "54" => &["Consultores", "Asesores", "Despacho", "Corporativo"],
        "55" => &["Grupo", "Corporativo", "Controladora"],
        "56" => &[
            "Servicios Integrales",
            "Seguridad Privada",
            "Limpieza Profesional",
            "Servicios Administrativos",
        ],
        "61" => &["Instituto", "Colegio", "Centro Educativo", "Universidad"],
        "62" => &["Servicios Médicos", "Hospital", "Centro Médico", "Clínica"],
        "71" => &["Club", "Promotora", "Centro Deportivo"],
        "72" => &["Operadora", "Restaurantes", "Grupo Gastronómico", "Hoteles"],
        "813" => &["Asociación", "Fundación", "Unión", "Comunidad"],
        _ => &["Servicios", "Grupo", "Talleres"],
    }
}

/// A person: given names and two surnames.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub(crate) given: &'static str,
    pub(crate) paternal: &'static str,
    pub(crate) maternal: &'static str,
    pub(crate) female: bool,
}

impl Person {
    pub(crate) fn full_name(&self) -> String {
        format!("{} {} {}", self.given, self.paternal, self.maternal)
    }

    /// The given name without a leading "María" or "José" ("María Guadalupe" -> "Guadalupe").
    fn short_given(&self) -> &'static str {
        match self.given.split_once(' ') {
            Some(("María" | "José" | "Juan" | "Ana" | "Rosa", rest)) => rest,
            Some((first, _)) => first,
            None => self.given,
        }
    }
}

/// A surname, favouring the frequent ones.
pub(crate) fn surname(rng: &mut impl RngCore) -> &'static str {
    let i = (unit(rng).powf(1.8) * SURNAMES.len() as f64) as usize;
    SURNAMES.get(i).copied().unwrap_or("Hernández")
}

/// A random person, about half of them women.
pub(crate) fn person(rng: &mut impl RngCore) -> Person {
    let female = chance(rng, 0.45);
    let given = if female {
        pick(rng, GIVEN_FEMALE, "María")
    } else {
        pick(rng, GIVEN_MALE, "José")
    };
    let paternal = surname(rng);
    let mut maternal = surname(rng);
    if maternal == paternal {
        maternal = surname(rng);
    }
    Person {
        given,
        paternal,
        maternal,
        female,
    }
}

/// The name of an owner-run business: "Abarrotes Doña Lupe", "Taller Mecánico Hernández".
pub(crate) fn small_business_name(
    rng: &mut impl RngCore,
    nouns: &[&'static str],
    owner: &Person,
    place: &str,
) -> String {
    let noun = pick(rng, nouns, "Negocio");
    if RELIGIOUS.contains(&noun) {
        return format!("{noun} de {}", pick(rng, SAINTS, "San José"));
    }
    let roll = index(rng, 12);
    match roll {
        0 | 1 => {
            let nick = if owner.female {
                pick(rng, NICK_FEMALE, "Lupe")
            } else {
                pick(rng, NICK_MALE, "Pepe")
            };
            let title = if owner.female { "Doña" } else { "Don" };
            format!("{noun} {title} {nick}")
        }
        2 | 3 => format!("{noun} {}", owner.paternal),
        4 => format!("{noun} {}", owner.short_given()),
        5 => format!("{noun} Hermanos {}", owner.paternal),
        6 | 7 => format!("{noun} La {}", pick(rng, FEMININE, "Esperanza")),
        8 => format!("{noun} El {}", pick(rng, MASCULINE, "Sol")),
        9 => format!("{noun} {}", pick(rng, SAINTS, "San José")),
        10 if !place.is_empty() => format!("{noun} {place}"),
        _ => format!("{noun} {}", pick(rng, FANCY, "Azteca")),
    }
}

/// The trade name of a company's small unit, without a person in it: "Taquería La Poblana".
pub(crate) fn trade_name(rng: &mut impl RngCore, nouns: &[&'static str], place: &str) -> String {
    let noun = pick(rng, nouns, "Negocio");
    if RELIGIOUS.contains(&noun) {
        return format!("{noun} de {}", pick(rng, SAINTS, "San José"));
    }
    match index(rng, 6) {
        0 | 1 => format!("{noun} La {}", pick(rng, FEMININE, "Esperanza")),
        2 => format!("{noun} El {}", pick(rng, MASCULINE, "Sol")),
        3 => format!("{noun} {}", pick(rng, SAINTS, "San José")),
        4 if !place.is_empty() => format!("{noun} {place}"),
        _ => format!("{noun} {}", pick(rng, FANCY, "Azteca")),
    }
}

/// A company's name without its legal form: "Manufacturas Industriales del Bajío",
/// "Constructora Hernández y Asociados", "Transportes Azteca de Jalisco".
pub(crate) fn company_name(rng: &mut impl RngCore, sector: &str, state: &str) -> String {
    let noun = pick(rng, company_nouns(sector), "Servicios");
    let plural = noun.split(' ').next().is_some_and(|w| w.ends_with('s'));
    match index(rng, 9) {
        0 => format!("{noun} {}", surname(rng)),
        1 => format!("{noun} {} Hermanos", surname(rng)),
        2 => format!("{noun} {} y Asociados", surname(rng)),
        3 => format!("{noun} {}", pick(rng, REGIONS, "del Centro")),
        4 => format!("{noun} {} {}", surname(rng), pick(rng, REGIONS, "del Norte")),
        5 if plural => format!(
            "{noun} {} {}",
            pick(rng, PLURAL_ADJECTIVES, "Integrales"),
            pick(rng, REGIONS, "del Bajío")
        ),
        6 if !state.is_empty() => format!("{noun} {} de {state}", pick(rng, FANCY, "Azteca")),
        7 => format!("{noun} {} {}", pick(rng, FANCY, "Alfa"), surname(rng)),
        _ => format!("{noun} {}", pick(rng, FANCY, "Omega")),
    }
}

/// The legal form of a company in a sector: mostly S.A. de C.V.; civil societies for
/// professions, civil associations for schools and associations.
pub(crate) fn legal_form(rng: &mut impl RngCore, sector: &str, class: &str) -> &'static str {
    let x = unit(rng);
    if class.starts_with("813") {
        return "A.C.";
    }
    match sector {
        "54" | "62" if x < 0.35 => "S.C.",
        "61" | "71" if x < 0.35 => "A.C.",
        "61" | "54" if x < 0.45 => "S.C.",
        _ => {
            let y = unit(rng);
            if y < 0.66 {
                "S.A. de C.V."
            } else if y < 0.90 {
                "S. de R.L. de C.V."
            } else {
                "S.A.P.I. de C.V."
            }
        }
    }
}

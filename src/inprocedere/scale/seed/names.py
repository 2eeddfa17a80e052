# ruff: noqa: E501, C408 - data tables read best one country per block, as keyword lists
"""Names of the people a network in Germany registers, by country of origin.

Fictional combinations of common names (no real person is meant), weighted roughly by
how often the countries appear among refugees and tolerated people in Germany, and by
how common each name is there: so a "common name" search hits thousands of records at a
Land's size, as it would. Each entry lists the spellings one name reaches the register
in ("Mohammed|Muhammad|Mohamad"; "~" is a space): the first is the usual one; re-registrations under a
variant spelling (issue 13) draw from the others. A trailing "*N" weights the name.
"""

from __future__ import annotations

from dataclasses import dataclass

_COUNTRIES = {
    "SY": dict(
        weight=24,
        languages=("ar", "ku"),
        men="Mohammed|Muhammad|Mohamad|Mohamed|Mohammad*12 Ahmad|Ahmed|Achmed*8 Ali*6 Omar|Umar*5 Khaled|Khalid|Chalid*4 Mahmoud|Mahmud*4 Hassan|Hasan*4 Hussein|Husain|Hussain*3 Abdulrahman|Abdelrahman|Abd~al-Rahman|Abdurrahman*3 Yousef|Yusuf|Youssef|Jusuf*3 Ibrahim*3 Mustafa|Moustafa|Mostafa*3 Bilal*2 Firas*2 Samer*2 Rami*2 Tarek|Tarik|Tariq*2 Anas*2 Nour|Nur*1 Ghassan|Gassan*1 Jamal|Dschamal|Djamal*1 Zakaria|Sakaria|Zakariya*1 Kinan*1 Adnan*1 Majd*1",
        women="Fatima|Fatma|Fatemeh*6 Aisha|Aischa|Ayesha*4 Mariam|Maryam|Meryem*5 Rasha|Rascha*2 Hala*2 Amal*3 Nour|Nur*3 Rania|Ranya*2 Lina*2 Huda|Houda*2 Reem|Rim*2 Yasmin|Yasmine|Jasmin*3 Samira*2 Zainab|Zeinab|Zaynab*3 Rawan*1 Dima*1 Heba|Hiba*2 Ghada|Gada*1 Asmaa|Asma*2 Safaa|Safa*1",
        families="Al-Hassan|Alhassan|El~Hassan*3 Khalil|Chalil*3 Haddad*2 Ibrahim*3 Mohammed|Muhammad|Mohamad*3 Ahmad|Ahmed*3 Ali*3 Hussein|Husain*2 Othman|Osman|Uthman*2 Saleh|Salih*2 Darwish|Darwisch*2 Al-Ahmad|Alahmad*2 Hamdan*1 Kurdi*2 Al-Khatib|Alkhatib|El~Khatib*2 Suleiman|Sulaiman|Soliman*2 Aziz*1 Najjar|Nadschar*1 Mansour|Mansur*2 Hamoud|Hammoud*1 Al-Ali|Alali*2 Sheikh|Scheich|Shaikh*1 Abdullah|Abdallah*2 Yassin|Yasin*2 Hamed|Hamid*2 Qassem|Kassem|Kasem*1 Barakat*1 Jaber|Dschaber*1 Nasser|Nasir*1 Zein|Sein*1 Rahman*1 Said|Sayed|Saeed*2 Mustafa|Mostafa*1",
    ),
    "AF": dict(
        weight=20,
        languages=("fa", "ps"),
        men="Mohammad|Mohammed|Muhammad|Mohamad*10 Ahmad|Ahmed*6 Ali*5 Hamid*3 Reza|Resa|Riza*3 Mahmood|Mahmud*2 Abdullah|Abdallah*3 Jawad|Dschawad|Javad*2 Sayed|Said|Saeed*3 Hassan|Hasan*3 Farid*2 Habib*2 Najib|Nadschib*2 Rahim*2 Karim*2 Noor|Nur*2 Arash*1 Shafiq|Schafik|Shafik*2 Zabihullah|Zabiullah*2 Hekmat|Hikmat*1 Wahid*2 Samiullah|Sami~Ullah*1 Naweed|Navid|Nawid*2 Mujtaba|Modschtaba*1 Bashir|Baschir*1",
        women="Fatima|Fatemeh|Fatema*5 Zahra|Sahra|Zahraa*4 Maryam|Mariam*4 Masooma|Masuma|Masoumeh*2 Sakina|Sakine*2 Nargis|Narges*2 Shabnam|Schabnam*2 Parwana|Parvaneh*1 Soraya|Suraya*2 Zarghuna|Sarghuna*1 Laila|Layla|Leila*3 Hamida*2 Freshta|Fereshteh|Frishta*2 Marzia|Marziyeh*1 Shirin|Schirin*1 Nazanin*1 Roya*1 Malalai|Malalay*1 Farzana*2",
        families="Ahmadi*6 Haidari|Heidari|Haydari*4 Hosseini|Husseini|Hussaini*5 Mohammadi|Mohamadi*5 Rahimi*4 Karimi*4 Sultani|Soltani*3 Rezaei|Rezai|Resai*3 Jafari|Dschafari|Jaafari*3 Noori|Nuri|Nouri*3 Sharifi|Scharifi*2 Amiri*3 Azizi*3 Hakimi*2 Nazari*2 Sadat|Saadat*2 Stanikzai|Stanekzai*1 Popal*1 Wardak*2 Safi*2 Yousufzai|Yusufzai*1 Akbari*2 Habibi*2 Sahak*1 Qaderi|Kaderi*1 Rasuli|Rasouli*2 Ghafoori|Gafuri*1 Nazari*1 Samadi*1 Zaheer|Sahir*1 Barakzai*1 Mansoori|Mansuri*1 Faizi|Feisi*1 Jalali|Dschalali*1",
    ),
    "IQ": dict(
        weight=11,
        languages=("ar", "ku"),
        men="Ali*5 Hussein|Husain|Hussain*4 Mohammed|Muhammad|Mohamad*5 Ahmed|Ahmad*3 Haider|Haidar|Hayder*3 Mustafa|Moustafa*3 Abbas*3 Karwan*2 Dilshad|Dilschad*2 Rebwar*2 Sherzad|Scherzad*1 Hawre*1 Omar*2 Yasir|Yasser|Jassir*2 Zaid|Said|Zeid*2 Qasim|Kasim|Kassim*2 Saman*2 Azad*2 Ammar*2 Hamza*2 Barzan*1 Karzan*1 Hemin*1",
        women="Zainab|Zeinab*4 Fatima|Fatma*4 Maryam|Mariam*3 Noor|Nur|Nour*3 Sara|Sarah*3 Hawar*1 Shilan|Schilan*2 Layla|Laila|Leyla*3 Huda|Houda*2 Rojin|Rodschin*2 Sozan|Susan*2 Narin*1 Dilan*2 Zahraa|Zahra*2 Ban*1 Shaima|Schaima*1 Jwan|Dschwan*1 Avin*1",
        families="Rahimi*2 Nouri|Nuri|Noori*3 Barzani*2 Talabani*1 Ali*4 Hassan|Hasan*3 Abbas*2 Kareem|Karim*3 Jabbar|Dschabbar*2 Hamid*3 Saleh|Salih*3 Khalaf|Chalaf*2 Mahmoud|Mahmud*3 Aziz*2 Ahmed|Ahmad*3 Rashid|Raschid|Rachid*2 Qadir|Kadir*2 Mustafa*2 Hussein|Husain*3 Omer|Omar|Umar*2 Kurdi*2 Jaff|Dschaf*1 Zebari|Sebari*1 Shwan|Schwan*1 Taha*2 Majeed|Madschid|Majid*2",
    ),
    "IR": dict(
        weight=6,
        languages=("fa",),
        men="Reza|Resa*4 Ali*4 Mohammad|Mohammed*4 Hossein|Hussein|Hosein*3 Mehdi|Mahdi*3 Amir*3 Arash*2 Hamid*2 Saeed|Said*2 Behnam*1 Kamran*1 Babak*1 Navid|Nawid*2 Omid|Umid*2 Payam*1 Farhad*2 Siamak|Siyamak*1 Pouya|Puya*1 Ehsan*1 Vahid|Wahid*1",
        women="Shirin|Schirin*3 Maryam|Mariam*3 Fatemeh|Fatima*3 Zahra|Sahra*3 Leila|Laila|Layla*2 Neda*2 Nasrin*2 Parisa*2 Mina*2 Sara|Sarah*2 Elham*1 Mahsa*1 Azadeh|Asadeh*1 Roya*1 Golnar*1 Niloofar|Nilufar*1 Shadi|Schadi*1 Fereshteh|Freshta*1",
        families="Ahmadi*3 Moradi*3 Hosseini|Husseini*3 Mohammadi*3 Karimi*2 Rezaei|Resai*2 Jafari|Dschafari*2 Hashemi|Haschemi*2 Sadeghi|Sadeghy*2 Rahimi*2 Ghorbani|Gorbani*2 Kazemi|Kasemi*2 Mousavi|Musawi|Moussawi*2 Tehrani*1 Shirazi|Schirasi*1 Azimi*1 Najafi*1 Bagheri|Bageri*1 Rostami*1 Heidari|Haidari*1 Ebrahimi|Ibrahimi*1 Akbari*1 Esmaeili|Ismaili*1",
    ),
    "ER": dict(
        weight=6,
        languages=("ti", "ar"),
        men="Berhane|Berhan*3 Yonas|Jonas|Yohannes*3 Dawit|Dawid*2 Tesfay|Tesfai|Tesfaye*3 Samuel*2 Daniel*2 Filmon|Philemon*2 Habtom*2 Mehari*2 Kidane*2 Amanuel|Emanuel*2 Goitom*1 Mulugeta*1 Robel*1 Natnael|Nathanael*1 Yemane*1 Tekle|Tecle*2 Awet*1 Biniam|Biniyam*2 Simon*1",
        women="Senait|Senayt*3 Helen|Hellen*2 Selam|Salam*2 Tigist*2 Mebrat*1 Rahel|Rachel*2 Saba*2 Luwam*2 Hiwet|Hewet*1 Yordanos|Jordanos*1 Feven|Fiven*1 Meron*1 Eden*1 Winta*1 Ruta*1 Senait*1 Akberet*1 Tsega|Tsegga*1 Aster*1",
        families="Gebremedhin|Ghebremedhin|Gebremedhn*2 Tesfay|Tesfai|Tesfaye*3 Haile|Hailu*2 Tekle|Tecle*2 Berhe*3 Ghebreyesus|Gebreyesus*2 Kidane*2 Weldemichael|Woldemichael|Weldemikael*2 Mehari*2 Abraha|Abrha*2 Tewolde|Tewelde*2 Gebru|Gebrú*2 Negash|Negasch*1 Asmerom*1 Habte*2 Yohannes*2 Ghirmay|Girmay*2 Andemariam*1 Measho|Mesho*1 Okbay|Okbai*1",
    ),
    "SO": dict(
        weight=4,
        languages=("so",),
        men="Mohamed|Mohammed|Maxamed*5 Abdi|Abdy*3 Ahmed|Axmed*3 Ali|Cali*3 Hassan|Xasan*3 Yusuf|Yousuf*2 Abdirahman|Abdulrahman|Abdurahman*2 Omar|Cumar*2 Ismail|Ismaaciil*2 Abdullahi|Abdilahi*2 Farah*2 Mahad*1 Liban*1 Said|Saciid*1 Bashir|Bashiir*1",
        women="Hawa|Xawa*3 Amina|Aamina*3 Fadumo|Faduma|Fatuma*3 Halima|Xaliima*2 Asha|Aisha|Caasha*2 Sahra|Sahro|Zahra*2 Hodan|Xodan*2 Nimco|Nimo*1 Sagal*1 Ifrah*1 Ayaan|Ayan*1 Khadija|Khadiija|Chadidscha*2 Deeqa|Deka*1",
        families="Abdi*3 Omar|Cumar*2 Mohamed|Maxamed*3 Ahmed|Axmed*2 Hassan|Xasan*2 Ali|Cali*2 Farah*2 Warsame*2 Jama|Jaamac*2 Osman|Cismaan*2 Nur|Nuur*2 Yusuf*1 Hussein|Xuseen*1 Ibrahim|Ibraahim*1 Aden|Aadan*2 Egal|Cigaal*1 Dirie|Diriye*1 Mohamud|Maxamuud*2 Hersi|Xirsi*1",
    ),
    "TR": dict(
        weight=6,
        languages=("tr", "ku"),
        men="Mehmet|Mehmed*4 Ahmet|Ahmed*3 Mustafa*3 Ali*3 Hüseyin|Hueseyin|Huseyin*3 Hasan*2 İbrahim|Ibrahim*2 Murat|Murad*2 Emre*2 Yusuf*2 Ömer|Oemer|Omer*2 Serkan*1 Deniz*1 Baran*1 Kadir*1 Şeyhmus|Seyhmus|Scheyhmus*1 Cem|Dschem*1 Burak*1 Rojhat*1 Mahmut|Mahmud*1",
        women="Ayşe|Ayse|Aysche*3 Fatma|Fatima*3 Emine*2 Hatice|Hatidsche|Hatidje*2 Zeynep|Zeinep*2 Elif*2 Dilan*2 Rojda*1 Meryem|Meriem*2 Büşra|Buesra|Busra*1 Gülsüm|Guelsuem|Gulsum*1 Sevda*1 Berfin*1 Leyla|Leila*1 Hülya|Huelya|Hulya*1",
        families="Yılmaz|Yilmaz|Jilmaz*4 Kaya*3 Demir*3 Şahin|Sahin|Schahin*3 Çelik|Celik|Tschelik*3 Aydın|Aydin|Aydyn*3 Öztürk|Oeztuerk|Ozturk*3 Arslan|Aslan*2 Doğan|Dogan*2 Kılıç|Kilic*2 Yıldız|Yildiz*2 Polat*1 Özdemir|Oezdemir|Ozdemir*2 Acar|Adschar*1 Tekin*1 Kurt*1 Aksoy*1 Güneş|Gunes|Guenes*1 Akbulut*1 Bozkurt*1",
    ),
    "NG": dict(
        weight=3,
        languages=("en", "yo"),
        men="Chukwuemeka|Chukwuemeka*1 Emmanuel|Emanuel*3 Ibrahim*2 Musa|Moussa*2 Oluwaseun|Oluwaseyi*1 Chinedu*2 Godwin*2 Samuel*2 Abdullahi*1 Blessing*1 Kelechi*1 Tunde*1 Uche*2 Felix*1 Victor|Viktor*2",
        women="Grace*3 Blessing*3 Joy*2 Mercy*2 Chioma*2 Ngozi*2 Aisha|Aishat*2 Esther*2 Favour|Favor*2 Funmilayo*1 Amaka*1 Precious*2 Adaeze*1 Patience*1",
        families="Okafor*3 Okeke*2 Adeyemi*2 Eze*2 Okonkwo*2 Ibrahim*2 Bello*2 Nwosu*2 Abubakar*2 Ogunleye*1 Obi*2 Adewale*1 Chukwu*2 Mohammed|Muhammad*2 Usman|Osman*2 Onyeka*1 Balogun*1",
    ),
    "UA": dict(
        weight=5,
        languages=("uk", "ru"),
        men="Oleksandr|Olexandr|Aleksandr|Alexander*4 Andrii|Andriy|Andrej*3 Serhii|Sergiy|Sergej*3 Dmytro|Dmitro|Dmitri*3 Volodymyr|Wolodymyr*2 Mykola|Nikolai*2 Ivan|Iwan*2 Yurii|Jurij|Yuriy*2 Oleh|Oleg*2 Maksym|Maxim*2 Taras*1 Bohdan|Bogdan*1 Vitalii|Witali|Vitaliy*1",
        women="Olena|Elena|Jelena*4 Tetiana|Tatjana|Tetyana*3 Natalia|Natalija|Nataliya*3 Iryna|Irina*3 Svitlana|Swetlana*2 Oksana*2 Yuliia|Julia|Yuliya*3 Kateryna|Katerina*2 Anastasiia|Anastasia|Anastasija*2 Viktoriia|Viktoria|Wiktorija*2 Halyna|Galina*1 Mariia|Marija|Maria*2 Alina*1",
        families="Kovalenko|Kowalenko*3 Shevchenko|Schewtschenko|Shevtchenko*3 Bondarenko*3 Tkachenko|Tkatschenko*2 Kravchenko|Krawtschenko*2 Melnyk|Melnik*3 Boiko|Bojko|Boyko*2 Koval|Kowal*2 Oliinyk|Olijnyk|Oleynik*2 Lysenko*2 Marchenko|Martschenko*1 Rudenko*1 Savchenko|Sawtschenko*1 Petrenko*2 Moroz*1 Kuzmenko*1 Ponomarenko*1 Pavlenko|Pawlenko*1",
    ),
    "RS": dict(  # Kosovo (XK) is no ISO 3166 code django-countries accepts
        weight=4,
        languages=("sq", "sr"),
        men="Bajram|Bayram*2 Arben*2 Blerim*2 Driton*2 Fatmir*2 Valon*2 Besnik*1 Agron*1 Ilir*1 Florim*1 Gezim|Gëzim*1 Shpend|Schpend*1 Dragan*1 Nenad*1 Milan*1 Ardian*1 Liridon*1",
        women="Mirela*2 Samira*2 Vjosa|Vjossa*1 Arta*2 Drita*2 Fjolla|Fjola*1 Blerta*1 Teuta*1 Merita*2 Shqipe|Schqipe*1 Valbona*1 Lirie*1 Jelena*1 Ana*1 Edona*1",
        families="Krasniqi|Krasniqui|Krasnici*4 Berisha|Berischa*3 Gashi|Gaschi*3 Morina*2 Shala|Schala*2 Hoxha|Hodscha|Hodza*2 Bytyqi|Bytyci*2 Kastrati*1 Jashari|Jaschari*2 Rexhepi|Redzepi|Rexhepaj*2 Nikolić|Nikolic|Nikolitsch*1 Jovanović|Jovanovic*1 Ahmeti*2 Selimi*2 Mustafa*1 Osmani*1 Hasani*1",
    ),
    "ET": dict(
        weight=2,
        languages=("am",),
        men="Dawit|Dawid*2 Abebe*2 Tesfaye|Tesfay*2 Yohannes|Johannes*2 Solomon|Salomon*1 Getachew|Getachu*1 Bekele*1 Mulugeta*1 Henok|Henoch*1 Biniam*1 Mesfin*1",
        women="Tigist*2 Meron*2 Selamawit|Selam*2 Hirut*1 Bethlehem|Betelhem*1 Mekdes*1 Almaz*1 Genet*1 Tsion|Zion*1 Eden*1",
        families="Alemu*2 Bekele*2 Tadesse|Tadese*2 Kebede*2 Haile*2 Girma*1 Mekonnen|Mekonen*2 Wolde|Welde*1 Tesfaye*1 Desta*1 Assefa|Asefa*1 Getachew*1",
    ),
    "SD": dict(
        weight=3,
        languages=("ar",),
        men="Abdelrahman|Abdulrahman|Abdel~Rahman*2 Mohamed|Mohammed*3 Ahmed|Ahmad*2 Osman|Othman*2 Adam*2 Ibrahim*2 Yasir|Yasser*1 Musa|Mousa*2 Hamza*1 Elfatih|El~Fatih*1 Mujahid|Mudschahid*1 Babiker|Babikir*1",
        women="Amina*2 Fatima|Fatma*2 Hawa*2 Mariam|Maryam*2 Amani*1 Sara*1 Nafisa*1 Rabab*1 Samah*1 Asma|Asmaa*1",
        families="Ibrahim*2 Saleh|Salih*2 Adam*3 Osman|Othman*2 Abdalla|Abdallah|Abdullah*2 Hamid*2 Ishag|Ishaq|Ishak*2 Yagoub|Yacoub|Yakub*2 Elnour|El~Nour*1 Babiker*1 Omer|Omar*1 Hassan*1 Bakhit|Bachit*1 Suleiman*1",
    ),
    "GE": dict(
        weight=2,
        languages=("ka", "ru"),
        men="Giorgi|Georgi*2 Davit|David*2 Levan|Lewan*1 Irakli*1 Nika*1 Zurab|Surab*1 Giorgi*1 Mikheil|Michail*1",
        women="Nino*2 Tamar|Tamara*2 Mariam|Mariami*1 Natia*1 Ana|Anna*1 Eka|Ekaterine*1 Salome*1",
        families="Beridze*2 Kapanadze*2 Gelashvili|Gelaschwili*2 Maisuradze*1 Giorgadze*1 Lomidze*1 Tsiklauri|Ziklauri*1 Mamedov|Mamedow*1",
    ),
}


@dataclass(frozen=True)
class Name:
    spellings: tuple[str, ...]

    @property
    def usual(self) -> str:
        return self.spellings[0]


@dataclass(frozen=True)
class Pool:
    """Names of one kind (men's, women's or family names) of one country, with weights
    cumulated for `random.choices`."""

    names: tuple[Name, ...]
    cumulated: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> Pool:
        names, cumulated, total = [], [], 0
        for entry in text.split():
            spellings, _, weight = entry.partition("*")
            # A space inside a spelling ("Abd~al-Rahman") is written as "_" nowhere; the
            # tables use no spaces within one spelling except through "|" lists.
            names.append(Name(tuple(spellings.replace("~", " ").split("|"))))
            total += int(weight or 1)
            cumulated.append(total)
        return cls(tuple(names), tuple(cumulated))

    def draw(self, rng) -> Name:
        return rng.choices(self.names, cum_weights=self.cumulated)[0]


@dataclass(frozen=True)
class Country:
    code: str
    languages: tuple[str, ...]
    men: Pool
    women: Pool
    families: Pool


COUNTRIES: tuple[Country, ...] = tuple(
    Country(
        code,
        data["languages"],
        Pool.parse(data["men"]),
        Pool.parse(data["women"]),
        Pool.parse(data["families"]),
    )
    for code, data in _COUNTRIES.items()
)
COUNTRY_WEIGHTS: tuple[int, ...] = tuple(
    sum(data["weight"] for data in list(_COUNTRIES.values())[: i + 1])
    for i in range(len(_COUNTRIES))
)


def draw_country(rng) -> Country:
    return rng.choices(COUNTRIES, cum_weights=COUNTRY_WEIGHTS)[0]

"""Name pools of the main countries of origin of refugees in Germany (BAMF first-time
asylum applications of recent years: Syria, Afghanistan, Türkiye, Iraq, Eritrea, Iran,
Somalia, Ukraine, Georgia, Russia, Nigeria), as registered in Latin letters, plus a few
German names (registers hold both). Weights are the countries' rough shares."""

COUNTRIES = {
    # code: (weight, male given names, female given names, family names)
    "SY": (
        28,
        "Mohammed Ahmad Ali Mahmoud Omar Khaled Hassan Hussein Abdulrahman Abdullah Yusuf "
        "Ibrahim Mustafa Karim Samer Bilal Rami Tarek Walid Fadi Jamal Nour Anas Hamza Majd "
        "Osama Ayman Firas Ziad Bashar Hani Adnan Imad Rashid Salim Yasser Zakaria Ammar Ghassan",
        "Fatima Aisha Mariam Noor Rania Hiba Lina Yasmin Amal Huda Rasha Dima Reem Sara Layla "
        "Zainab Amina Nour Salma Ghada Samira Hanan Ruba Alaa Asmaa Bushra Doaa Heba Manal",
        "Al-Hassan Al-Ahmad Al-Ali Khalil Haddad Mansour Saleh Qasim Hamdan Darwish Nasser "
        "Al-Khatib Haj Youssef Ibrahim Suleiman Shaheen Al-Masri Zaher Kanaan Othman Barakat "
        "Hammoud Al-Hamwi Halabi Jaber Khoury Mahmoud Najjar Rahal Sabbagh Tahan Al-Omar Aziz "
        "Abdelrahman Al-Hussein Al-Mohammad Kurdi Sheikh Hamed Issa Ghanem Bakr Fares Attar",
    ),
    "AF": (
        18,
        "Ahmad Mohammad Ali Hussain Mahdi Reza Jawad Farid Nasir Habib Rahim Karim Hamid "
        "Wahid Navid Sayed Sharif Zaki Bashir Qadir Jamshid Shafiq Zabiullah Rahmatullah "
        "Hekmatullah Najibullah Ehsan Milad Mustafa Omid",
        "Fatima Zahra Maryam Nargis Shabnam Parwana Sakina Masuma Roya Farzana Zainab Hadisa "
        "Mursal Nilofar Shakila Marzia Fereshta Laila Tamana Sima",
        "Ahmadi Hussaini Mohammadi Rahimi Karimi Haidari Sultani Rezaei Hakimi Jafari Noori "
        "Amiri Sharifi Azizi Sadat Stanikzai Popal Wardak Safi Hashimi Qaderi Nazari Rasuli "
        "Yousufi Akbari Sediqi Mirzaei Habibi Samadi Ghafoori",
    ),
    "TR": (
        10,
        "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Yusuf Ömer Fatih Burak "
        "Serkan Kemal Ramazan Osman Halil Süleyman Cem",
        "Ayşe Fatma Emine Hatice Zeynep Elif Meryem Şerife Sultan Hülya Esra Özlem Derya "
        "Gül Leyla Zehra Sevgi Dilek Aslı Büşra",
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan "
        "Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Korkmaz Erdoğan Güneş Aksoy",
    ),
    "IQ": (
        9,
        "Ali Hussein Abbas Haider Mohammed Ahmed Mustafa Karar Hassan Omar Saif Zaid Jasim "
        "Kadhim Salah Sarmad Dilshad Shvan Rebin Kawa",
        "Zahraa Fatima Maryam Noor Hawra Sara Ruqaya Shahad Zainab Ban Dilan Sozan Shilan "
        "Nasrin Hana",
        "Al-Jubouri Al-Tamimi Al-Saadi Al-Obaidi Al-Dulaimi Mahmood Hamid Rashid Abdullah "
        "Barzani Talabani Kareem Jassim Kadhim Mohammed Aziz Sulaiman Khudhur Hamad Salih",
    ),
    "ER": (
        7,
        "Tesfay Berhane Yonas Dawit Samuel Mehari Habtom Kidane Tekle Filmon Robel Amanuel "
        "Mulugeta Yohannes Ghirmay Efrem Abraham Senai Biniam Natnael",
        "Senait Helen Tsega Rahel Selam Mebrat Luwam Saba Freweini Hiwet Yordanos Ruth Elsa "
        "Semhar Winta",
        "Gebremedhin Tesfamariam Habte Kidane Tewelde Ghebreyesus Weldemichael Asmerom "
        "Haile Mesfin Berhe Tekeste Andemariam Gebru Negash Woldu Abraha Mehreteab Okbay",
    ),
    "IR": (
        6,
        "Reza Ali Mohammad Hossein Mehdi Amir Hamid Saeed Behnam Arash Dariush Kaveh Farhad "
        "Babak Navid Peyman Omid Siamak",
        "Maryam Zahra Fatemeh Shirin Leila Parisa Mahsa Niloufar Azadeh Sepideh Nasrin "
        "Roya Golnaz Elham",
        "Hosseini Ahmadi Mohammadi Karimi Rezaei Moradi Heydari Jafari Rahimi Sadeghi "
        "Hashemi Ghasemi Kazemi Mousavi Najafi Ebrahimi Shirazi Tehrani Azizi Rostami",
    ),
    "SO": (
        4,
        "Abdi Mohamed Ahmed Hassan Abdirahman Abdullahi Ali Omar Yusuf Ismail Osman Farah "
        "Mahad Liban Guled",
        "Hawa Amina Fadumo Halima Ubah Sahra Khadija Asha Nimco Hodan Ifrah Ayaan",
        "Abdi Mohamed Hassan Warsame Jama Farah Ali Omar Nur Aden Hirsi Osman Dahir Egal "
        "Samatar Yusuf Abdullahi Ismail",
    ),
    "UA": (
        9,
        "Oleksandr Andrii Serhii Volodymyr Dmytro Mykola Ivan Yurii Oleh Vasyl Maksym "
        "Bohdan Taras Viktor Petro",
        "Olena Tetiana Nataliia Iryna Oksana Yuliia Svitlana Kateryna Mariia Anastasiia "
        "Liudmyla Halyna Viktoriia Daria",
        "Melnyk Shevchenko Boiko Kovalenko Bondarenko Tkachenko Kovalchuk Kravchenko "
        "Oliinyk Shevchuk Koval Polishchuk Bondar Tkachuk Moroz Marchenko Lysenko Rudenko",
    ),
    "GE": (
        2,
        "Giorgi Davit Levan Nikoloz Irakli Zurab Tornike Luka Beka",
        "Nino Mariam Tamar Ana Eka Natia Salome",
        "Beridze Kapanadze Gelashvili Mamedov Maisuradze Giorgadze Lomidze Tsiklauri",
    ),
    "RU": (
        3,
        "Aleksandr Sergei Dmitri Andrei Aleksei Ruslan Magomed Islam Akhmed Timur",
        "Elena Olga Tatiana Natalia Madina Zarema Aminat Patimat Irina",
        "Ivanov Smirnov Kuznetsov Magomedov Aliev Kadyrov Dudaev Umarov Bashirov Gadzhiev",
    ),
    "NG": (
        2,
        "Emmanuel Chinedu Oluwaseun Ibrahim Musa Samuel Daniel Chukwuemeka Abdullahi",
        "Blessing Chioma Fatima Aisha Ngozi Grace Precious Funmilayo",
        "Okafor Adeyemi Ibrahim Okonkwo Mohammed Eze Abubakar Olawale Nwosu Bello",
    ),
    "DE": (
        2,
        "Jürgen Peter Thomas Michael Stefan Andreas Klaus Jens",
        "Anna Maria Petra Sabine Claudia Julia Katrin Ursula",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schäfer Koch",
    ),
}

PLACES = {
    "SY": "Damaskus Aleppo Homs Hama Latakia Idlib Deir ez-Zor Raqqa Daraa Qamishli",
    "AF": "Kabul Herat Kandahar Mazar-i-Sharif Jalalabad Kunduz Ghazni Bamyan",
    "TR": "Istanbul Ankara Izmir Diyarbakır Gaziantep Şanlıurfa Van Mardin",
    "IQ": "Bagdad Mossul Erbil Basra Kirkuk Sulaimaniyya Dohuk Falludscha",
    "ER": "Asmara Keren Massawa Mendefera Barentu Dekemhare",
    "IR": "Teheran Maschhad Isfahan Schiras Täbris Ahvaz Kermanschah",
    "SO": "Mogadischu Hargeisa Kismayo Baidoa Garowe",
    "UA": "Kyjiw Charkiw Odessa Dnipro Lwiw Saporischschja Mariupol",
    "GE": "Tiflis Kutaissi Batumi Rustawi",
    "RU": "Moskau Grosny Machatschkala Kasan Sankt Petersburg",
    "NG": "Lagos Abuja Kano Ibadan Benin City",
    "DE": "Berlin Mainz Ludwigshafen Landau Speyer",
}


# Family names are formed from given names in most of these countries (a father's or
# grandfather's name, with an article, a suffix or as it is): registers hold thousands.
DERIVED = {
    "SY": ("Al-{}", "{}", "Abu {}", "{}i"),
    "IQ": ("Al-{}", "{}", "{}i"),
    "AF": ("{}i", "{}zai", "{}zada", "{}yar"),
    "IR": ("{}i", "{}zadeh", "{}pour", "{}nia"),
    "ER": ("{}", "Gebre{}", "Wolde{}"),
    "SO": ("{}", "{} {}"),
    "TR": ("{}oğlu", "Kara{}", "{}"),
    "UA": ("{}enko", "{}chuk", "{}iv"),
    "RU": ("{}ov", "{}in", "{}ev"),
    "GE": ("{}shvili", "{}dze"),
    "NG": ("{}", "{}son"),
    "DE": ("{}", "{}s", "{}mann"),
}


def _family_names(code: str, male: list[str], family: list[str]) -> list[str]:
    names = list(family)
    for pattern in DERIVED[code]:
        for given in male:
            names.append(
                pattern.format(given, given[:3])
                if pattern.count("{}") > 1
                else pattern.format(given)
            )
    return sorted(set(names))


# More places of birth, for sets that ask for them (`variants.py --more-places`): with
# ten places per country, two people of one name, country and age share a place of birth
# one time in ten, which real registers (thousands of towns) do not show. Comma-separated:
# some names have spaces (the list above splits "Sankt Petersburg" in two; it stays so,
# to keep the sets made with it reproducible).
MORE_PLACES = {
    "SY": "Tartus, Hasaka, Manbidsch, Afrin, Kobane, Dschabla, Baniyas, Duma, Palmyra, "
    "al-Bab, Azaz, Suwaida, Salamiyya, Maarat an-Numan, Abu Kamal, Mayadin, Tell Abyad, "
    "Dschisr asch-Schughur, Qutaifa, Jabrud, Nabk, Izra, Busra, Amuda, Derbasiya",
    "AF": "Kundus, Baghlan, Pol-e Chomri, Faizabad, Talokan, Scheberghan, Maimana, "
    "Tschaghtscharan, Farah, Zarandsch, Laschkar Gah, Tarin Kot, Gardez, Chost, "
    "Asadabad, Mehtarlam, Tscharikar, Maidan Schahr, Puli Alam, Qala-e Nau, Ghazni-Stadt",
    "TR": "Adana, Mersin, Konya, Kayseri, Malatya, Elazığ, Batman, Siirt, Bitlis, Muş, "
    "Hakkari, Şırnak, Ağrı, Erzurum, Kars, Adıyaman, Kahramanmaraş, Hatay, Bursa, Samsun",
    "IQ": "Nadschaf, Kerbela, Hilla, Kut, Amara, Nasiriyya, Samawa, Diwaniyya, Ramadi, "
    "Tikrit, Samarra, Baquba, Halabdscha, Zakho, Sindschar, Tal Afar, Kifri, Ranya, Koya",
    "ER": "Adi Keyh, Assab, Agordat, Teseney, Nakfa, Senafe, Adi Quala, Ghinda, Afabet, "
    "Segheneyti, Areza, Mai Mne, Hagaz, Tio",
    "IR": "Karadsch, Ghom, Urmia, Rascht, Kerman, Zahedan, Hamadan, Yazd, Ardabil, "
    "Bandar Abbas, Arak, Sanandadsch, Qazvin, Zandschan, Chorramabad, Gorgan, Sari, Ilam",
    "SO": "Berbera, Burao, Bosaso, Galkayo, Beledweyne, Jowhar, Marka, Afgooye, Dhusamareb, "
    "Las Anod, Erigavo, Borama, Luuq, Bardera",
    "UA": "Cherson, Mykolajiw, Poltawa, Tschernihiw, Sumy, Schytomyr, Winnyzja, Riwne, "
    "Luzk, Ternopil, Iwano-Frankiwsk, Uschhorod, Tscherniwzi, Chmelnyzkyj, Tscherkassy, "
    "Kropywnyzkyj, Krywyj Rih, Kramatorsk, Melitopol, Berdjansk",
    "GE": "Sugdidi, Gori, Poti, Sestaponi, Samtredia, Chaschuri, Telawi, Achalziche, "
    "Ozurgeti, Kaspi, Marneuli, Mzcheta",
    "RU": "Nasran, Chassawjurt, Derbent, Kisljar, Naltschik, Wladikawkas, Tscherkessk, "
    "Astrachan, Rostow am Don, Krasnodar, Stawropol, Saratow, Samara, Ufa, Nowosibirsk",
    "NG": "Port Harcourt, Enugu, Onitsha, Owerri, Aba, Kaduna, Jos, Maiduguri, Sokoto, "
    "Ilorin, Abeokuta, Warri, Calabar, Uyo, Akure",
    "DE": "Hamburg, München, Köln, Frankfurt am Main, Stuttgart, Leipzig, Dresden, "
    "Hannover, Bremen, Essen, Dortmund, Kaiserslautern, Trier, Koblenz, Worms",
}


def pools(more_places: bool = False):
    """{code: (weight, male, female, family, places)} with the names as lists."""
    return {
        code: (
            weight,
            male.split(),
            female.split(),
            _family_names(code, male.split(), family.split()),
            PLACES[code].split()
            + ([p.strip() for p in MORE_PLACES[code].split(",")] if more_places else []),
        )
        for code, (weight, male, female, family) in COUNTRIES.items()
    }

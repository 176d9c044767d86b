"""Names for generated events: headliners as the venue sites spell them (accents, ampersands)."""

ARTISTS = (
    "Dom Dolla", "John Summit", "Chris Lake", "Fisher", "Mau P", "Chris Lorenzo", "Tiësto",
    "Dimitri Vegas & Like Mike", "Kaskade", "Zedd", "Marshmello", "Diplo", "Alesso", "Gryffin",
    "David Guetta", "Calvin Harris", "Steve Aoki", "Afrojack", "Martin Garrix", "Illenium",
    "The Chainsmokers", "Kygo", "Loud Luxury", "Vintage Culture", "Kölsch", "Meduza", "Claptone",
    "Black Coffee", "Dixon", "Solomun", "Anyma", "Tale Of Us", "Green Velvet", "Cloonee",
    "Sammy Virji", "Sonny Fodera", "Westend", "Mochakk", "Gordo", "Disco Lines", "Riordan",
    "Vampa", "Gorgon City", "Duke Dumont", "Ferreck Dawn", "Nora En Pure", "Lost Frequencies",
    "Don Diablo", "Oliver Heldens", "Hardwell", "Nicky Romero", "Armin van Buuren",
    "Above & Beyond", "Seven Lions", "Slander", "Subtronics", "Excision", "Zeds Dead", "RL Grime",
    "Flosstradamus",
    "DJ Snake", "Tchami", "Malaa", "Jauz", "Valentino Khan", "Wax Motif", "Ship Wrek", "Biscits",
    "Eli Brown", "Adam Beyer", "Charlotte de Witte", "Amelie Lens", "Boris Brejcha", "Ben Böhmer",
    "Lane 8", "Yotto", "Sultan + Shepard", "Cristoph", "Massano", "Argy", "Maceo Plex",
    "Hugel", "Bakermat", "Joel Corry", "Sigala", "Jax Jones", "MK", "Purple Disco Machine",
    "Fred again..", "Skrillex", "Four Tet", "Peggy Gou", "Honey Dijon", "Kaytranada", "Lee Foss",
    "Walker & Royce", "Dillon Nathaniel", "Matroda", "Noizu", "AC Slater", "Chris Stussy",
    "DJ Pauly D", "Lil Jon", "DJ Irie", "Mustard", "Tyga", "Post Malone", "Travis Scott",
    "Swae Lee", "Saweetie", "A$AP Ferg", "French Montana", "Fat Joe", "Nelly", "T-Pain",
    "DJ Five", "Eric DLux", "DJ Ikon", "Konflikt", "DJ Shift", "Jasmine Solano", "DJ Crooked",
    "Frank Walker", "Eptic", "Sofi Tukker", "Rüfüs Du Sol", "Bob Moses", "Jamie Jones",
    "Mathame", "Innellea", "Hot Since 82", "Camelphat", "Paul Oakenfold", "Benny Benassi",
)

THEMES = ("Saturday Night", "Elevate", "Sunday Service", "Late Night", "Encore Fridays",
          "Industry Night", "Ladies Night", "Main Room")

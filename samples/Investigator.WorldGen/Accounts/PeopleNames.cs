namespace Investigator.WorldGen.Accounts;

/// <summary>Name pools for invented users.</summary>
internal static class PeopleNames
{
    public static readonly IReadOnlyList<string> First =
    [
        "Amara", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hiroshi", "Ines", "Jonas",
        "Kavya", "Liam", "Maya", "Nikolai", "Olivia", "Pedro", "Quinn", "Rosa", "Samir", "Tessa",
        "Umar", "Valentina", "Wei", "Ximena", "Yusuf", "Zoe", "Aisha", "Bruno", "Camille", "Dmitri",
        "Emeka", "Freya", "Gabriel", "Hana", "Ivan", "Julia", "Kenji", "Lucia", "Mateo", "Noor",
    ];

    public static readonly IReadOnlyList<string> Last =
    [
        "Adeyemi", "Bergstrom", "Castillo", "Dubois", "Eriksen", "Fontaine", "Garcia", "Haddad", "Ibrahim", "Jensen",
        "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quintero", "Rossi", "Schneider", "Tanaka",
        "Urbina", "Varga", "Whitfield", "Xu", "Yilmaz", "Zimmermann", "Alvarez", "Brennan", "Chen", "Delgado",
        "Evans", "Fischer", "Gupta", "Holm", "Iyer", "Kim", "Larsen", "Mensah", "Novak", "Patel",
    ];
}

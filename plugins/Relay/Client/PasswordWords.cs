using System.Security.Cryptography;

namespace Modular.Plugins.Relay.Client;

/// <summary>
/// Passwords made of words that are easy to read aloud: 256 distinct words, so each carries 8 bits, and
/// five words (the default) carry 40.
/// </summary>
public static class PasswordWords
{
    public static IReadOnlyList<string> List { get; } =
    [
        "acid", "acorn", "actor", "adobe", "agent", "alarm", "album", "alpha", "amber", "angle", "apple",
        "april", "arena", "armor", "arrow", "atlas", "attic", "audio", "award", "bacon", "badge", "baker",
        "bamboo", "banjo", "barn", "basil", "basin", "beach", "beard", "bench", "berry", "bingo", "bison",
        "blade", "blaze", "bloom", "board", "bonus", "boot", "brain", "brick", "bridge", "brook", "brush",
        "bucket", "buddy", "bugle", "cabin", "cable", "cactus", "camel", "candy", "canoe", "canvas", "cargo",
        "carpet", "castle", "cedar", "chalk", "charm", "cherry", "chess", "chief", "cider", "cinema",
        "circus", "citrus", "clock", "cloud", "clover", "coach", "cobra", "cocoa", "comet", "coral", "cotton",
        "cougar", "crane", "crater", "crayon", "cricket", "crown", "cubic", "dairy", "daisy", "dance",
        "delta", "denim", "desert", "diary", "dingo", "disco", "dolphin", "donkey", "dragon", "dream", "drum",
        "eagle", "easel", "echo", "elbow", "ember", "emerald", "engine", "epoch", "falcon", "fancy", "farm",
        "feast", "fern", "ferry", "fiddle", "field", "flame", "flute", "forest", "fossil", "fox", "frost",
        "fudge", "galaxy", "garden", "gecko", "ginger", "glacier", "globe", "goose", "grape", "gravel",
        "guitar", "hammer", "harbor", "hazel", "helmet", "heron", "hippo", "honey", "hotel", "husky", "igloo",
        "index", "iron", "island", "ivory", "jacket", "jaguar", "jelly", "jewel", "jigsaw", "jockey", "juice",
        "jungle", "kayak", "kettle", "kiwi", "koala", "ladder", "lagoon", "lake", "lemon", "lilac", "lion",
        "lizard", "lobster", "locket", "lotus", "magnet", "mango", "maple", "marble", "meadow", "melon",
        "meteor", "mint", "mirror", "monkey", "moose", "mosaic", "motor", "muffin", "nectar", "needle",
        "nickel", "noodle", "north", "nutmeg", "oasis", "ocean", "olive", "onion", "opera", "orbit", "orchid",
        "otter", "oyster", "paddle", "panda", "paper", "parrot", "peach", "pebble", "pencil", "pepper",
        "piano", "pigeon", "pillow", "pilot", "pirate", "planet", "plum", "polar", "pony", "poppy", "potato",
        "prism", "pumpkin", "puzzle", "quartz", "quiet", "rabbit", "radar", "radio", "raven", "ribbon",
        "river", "robin", "rocket", "ruby", "saddle", "salmon", "sandal", "satin", "scarf", "shadow", "shark",
        "shell", "silver", "sketch", "sloth", "snow", "sofa", "spider", "spruce", "squid", "stable", "statue",
        "summer", "sunset", "swan", "tango", "teapot", "tiger", "timber", "toast", "tomato", "topaz",
    ];

    public static double BitsPerWord => Math.Log2(List.Count);

    /// <summary><paramref name="count"/> words drawn uniformly and independently, joined by <c>-</c>.</summary>
    public static string Generate(int count) =>
        string.Join('-', Enumerable.Range(0, count).Select(_ => List[RandomNumberGenerator.GetInt32(List.Count)]));
}

namespace Modular.Host.Configuration;

public enum StateProvider
{
    Memory,
    Sqlite,
}

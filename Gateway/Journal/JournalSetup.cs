namespace Gateway.Journal;

public static class JournalSetup
{
    public static WebApplicationBuilder AddJournal(this WebApplicationBuilder builder)
    {
        return builder;
    }
}

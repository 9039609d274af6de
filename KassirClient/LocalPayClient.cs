namespace KassirClient { }

"""One module per sheet; each lays out what the calculator decided and decides nothing."""

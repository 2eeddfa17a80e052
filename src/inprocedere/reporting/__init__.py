"""Reports on the network's work: ESF+ indicators, with disclosure control and exports."""

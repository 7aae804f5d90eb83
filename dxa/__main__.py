from dxa.cli import main

main()

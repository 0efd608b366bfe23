from polywire.cli import main

main()

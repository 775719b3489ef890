from jxc.launch import main

main()

from extism_pdk import host

def my_function():
    # Get input
    input_text = host.get_input_string()
    
    # Do something with the input
    
    # Set output
    host.set_output_string("Hello, " + input_text)
    
    return 0  # Success
